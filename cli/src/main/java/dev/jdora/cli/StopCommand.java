package dev.jdora.cli;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdora stop}: stops a running dataflow as Ctrl-C would, and waits until it has ended. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop a running dataflow (of jdora start, or a jdora run in another terminal) as Ctrl-C "
                + "would: Stop to every node, then the grace ladder. Waits until it has ended."})
final class StopCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the name or id of the running dataflow")
    private String target;

    @Option(names = "--grace-duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how long nodes may take to stop after Stop (default: the run's own, 10s unless it was "
                    + "started with another)")
    private Optional<Duration> grace = Optional.empty();

    @Mixin
    private ClusterOptions cluster = new ClusterOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        DataflowOperations ops = cluster.operations();
        try {
            RunAddress run = ops.resolve(target);
            return stop(ops, run, grace, spec.commandLine().getOut(), err);
        } catch (OperationException e) {
            return RunTargets.report(e, err);
        }
    }

    /** Stops {@code run} and waits for its end (its grace ladder, and some). */
    static int stop(DataflowOperations ops, RunAddress run, Optional<Duration> grace, PrintWriter out,
                    PrintWriter err) throws InterruptedException {
        ops.stop(run, grace);
        return awaitStopped(ops, run, grace, out, err);
    }

    /** Waits for the end of {@code run}, asked to stop with {@code grace}; a run that has ended already is stopped. */
    static int awaitStopped(DataflowOperations ops, RunAddress run, Optional<Duration> grace, PrintWriter out,
                            PrintWriter err) throws InterruptedException {
        if (!ops.awaitEnd(run, patience(run, grace))) {
            err.println("error: dataflow '" + run.name() + "' is still running" + (run.pid() > 0 ? " (process "
                    + run.pid() + ")" : ""));
            err.flush();
            return RunTargets.FAILED;
        }
        out.println("stopped " + run.name() + " (" + run.id() + ")");
        out.flush();
        return 0;
    }

    /**
     * How long a stop of {@code run} with {@code grace} (else the run's own) may take: the grace period, the ladder's
     * half of it more before SIGKILL, and time for the run to clean up.
     */
    static Duration patience(RunAddress run, Optional<Duration> grace) {
        Duration ladder = grace.orElse(run.grace());
        return ladder.plus(ladder.dividedBy(2)).plusSeconds(15);
    }
}
