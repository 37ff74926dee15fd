package dev.jdora.cli;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jdora list}: the running dataflows of this user, in the foreground or the background. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the running dataflows of this user on this machine (started with jdora start, or "
                + "jdora run in any terminal), or of a coordinator with --coordinator: name, id, state, nodes, "
                + "uptime, failed nodes. A run that does not answer within a few seconds (stopped with Ctrl-Z, say) "
                + "is shown as not-answering."})
final class ListCommand implements Callable<Integer> {

    /** The state of a run that did not answer in time. */
    static final String NOT_ANSWERING = "not-answering";

    @Mixin
    private ClusterOptions cluster = new ClusterOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DataflowOperations ops = cluster.operations();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "ID", "STATE", "NODES", "UPTIME", "FAILED"});
        try {
            for (RunAddress run : ops.runs()) {
                RunStatus status;
                try {
                    status = ops.status(run);
                } catch (OperationException e) {
                    if (e.notAnswering()) { // stopped (Ctrl-Z, SIGSTOP) or hung: say so rather than wait
                        rows.add(new String[] {run.name(), run.id(), NOT_ANSWERING, "?", uptime(run.started()), "?"});
                    }
                    continue; // else it ended while we listed
                }
                long running = status.nodes().stream().filter(n -> n.state().equals(RunStatus.NodeStatus.RUNNING))
                        .count();
                rows.add(new String[] {run.name(), run.id(), status.state(),
                    running + "/" + status.nodes().size(), uptime(run.started()),
                    status.failed().isEmpty() ? "-" : status.failed().stream().map(RunStatus.NodeStatus::id)
                            .collect(Collectors.joining(","))});
            }
        } catch (OperationException e) {
            return RunTargets.report(e, spec.commandLine().getErr());
        }
        if (rows.size() == 1) {
            out.println("no dataflow is running (start one with: jdora start <dataflow.yml>)");
        } else {
            Table.print(rows, out);
        }
        out.flush();
        return 0;
    }

    static String uptime(Instant started) {
        Duration d = Duration.between(started, Instant.now());
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
    }
}
