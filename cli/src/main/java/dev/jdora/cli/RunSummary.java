package dev.jdora.cli;

import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code jdora run} prints at the end: one row per node with the messages it received and sent and what
 * its inputs dropped, aligned. Pure formatting; any thread.
 *
 * <pre>
 * node    in  out  dropped
 * source   0  100        0
 * sink   100    0        0
 * </pre>
 */
final class RunSummary {

    private RunSummary() {
    }

    static List<String> lines(RunResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"node", "in", "out", "dropped"});
        for (NodeResult node : result.nodes()) {
            rows.add(new String[] {node.nodeId(), Long.toString(node.messagesIn()), Long.toString(node.messagesOut()),
                    Long.toString(node.droppedTotal())});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(String.format("%-" + widths[0] + "s", row[0]));
            for (int c = 1; c < row.length; c++) {
                line.append("  ").append(String.format("%" + widths[c] + "s", row[c]));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
