package dev.jdora.cli;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdora down}: stops every running dataflow of this user (of this machine, or of a coordinator with {@code
 * --coordinator}), then the coordinator and daemon {@code jdora up} started, if any: SIGTERM to each recorded process
 * that is still the one started (same pid and start instant), SIGKILL if it has not ended after a while; then the
 * record is removed ({@link UpState}). A plain {@code jdora run} or {@code jdora start} needs no daemon: each run is a
 * process of its own.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stop every running dataflow of this user on this machine (or of a coordinator, with "
                + "--coordinator), and wait until they have ended; then stop the coordinator and daemon jdora up "
                + "started, if any. Afterwards nothing of jdora runs."})
final class DownCommand implements Callable<Integer> {

    @Option(names = "--grace-duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how long nodes may take to stop after Stop (default: each run's own)")
    private Optional<Duration> grace = Optional.empty();

    @Mixin
    private ClusterOptions cluster = new ClusterOptions();

    @Spec
    private CommandSpec spec;

    /** How long the daemon (which stops its nodes first) and the coordinator may take to end after SIGTERM. */
    private static final long UP_GRACE_SECONDS = 20;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DataflowOperations ops = cluster.operations();
        int exit = 0;
        try {
            List<RunAddress> runs = ops.runs();
            Map<String, OperationException> notStopped = new HashMap<>();
            for (RunAddress run : runs) { // all at once: their ladders run side by side
                try {
                    ops.stop(run, grace);
                } catch (OperationException e) {
                    notStopped.put(run.id(), e); // ended by itself meanwhile, or not answering
                }
            }
            for (RunAddress run : runs) {
                OperationException failed = notStopped.get(run.id());
                if (failed != null && failed.notAnswering()) {
                    exit = Math.max(exit, RunTargets.report(failed, err));
                } else {
                    exit = Math.max(exit, StopCommand.awaitStopped(ops, run, grace, out, err));
                }
            }
            if (runs.isEmpty()) {
                out.println("no dataflow is running");
            }
        } catch (OperationException e) {
            exit = RunTargets.report(e, err);
        }
        stopUp(out);
        out.flush();
        return exit;
    }

    /** Stops what {@code jdora up} started, if anything: the daemon first (it ends its nodes), then the coordinator. */
    private static void stopUp(PrintWriter out) throws IOException, InterruptedException {
        Optional<UpState> up = UpState.read();
        if (up.isEmpty()) {
            return;
        }
        boolean daemon = up.get().daemon().stop(UP_GRACE_SECONDS);
        boolean coordinator = up.get().coordinator().stop(UP_GRACE_SECONDS);
        UpState.remove();
        out.println((daemon ? "stopped" : "already ended:") + " the daemon of machine '" + up.get().machineId()
                + "' (pid " + up.get().daemon().pid() + ")");
        out.println((coordinator ? "stopped" : "already ended:") + " the coordinator at " + up.get().address()
                + " (pid " + up.get().coordinator().pid() + ")");
    }
}
