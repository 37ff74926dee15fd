package dev.jdora.cli;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
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
 * {@code jdora down}: stops every running dataflow of this user. There is no daemon to end: each run is a process of
 * its own (see {@link UpCommand}).
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stop every running dataflow of this user on this machine, and wait until they have ended. "
                + "jdora keeps no daemon: once they have ended, nothing of jdora runs."})
final class DownCommand implements Callable<Integer> {

    @Option(names = "--grace-duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how long nodes may take to stop after Stop (default: each run's own)")
    private Optional<Duration> grace = Optional.empty();

    @Mixin
    private ClusterOptions cluster = new ClusterOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
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
            return RunTargets.report(e, err);
        }
        out.flush();
        return exit;
    }
}
