package dev.jdora.cli;

import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code jdora run} prints at the end: one row per node with how it ended, how often its
 * {@code restart_policy} restarted it, the messages it received and sent and what its inputs dropped, aligned. Pure
 * formatting; any thread.
 *
 * <pre>
 * node    status  restarts   in  out  dropped
 * source  ok             0    0  100        0
 * sink    failed         2  100    0        0
 * </pre>
 */
final class RunSummary {

    private RunSummary() {
    }

    static List<String> lines(RunResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"node", "status", "restarts", "in", "out", "dropped"});
        for (NodeResult node : result.nodes()) {
            rows.add(new String[] {node.nodeId(), node.failed() ? "failed" : "ok", Integer.toString(node.restarts()),
                    Long.toString(node.messagesIn()), Long.toString(node.messagesOut()),
                    Long.toString(node.droppedTotal())});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(String.format("%-" + widths[0] + "s", row[0]));
            line.append("  ").append(String.format("%-" + widths[1] + "s", row[1]));
            for (int c = 2; c < row.length; c++) {
                line.append("  ").append(String.format("%" + widths[c] + "s", row[c]));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
