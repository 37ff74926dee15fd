package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code record} and {@code replay} that say how the dataflow runs (as {@code run} has them), and the
 * run itself: started, stopped by Ctrl-C, awaited and reported as {@code run} reports it.
 */
final class RunSettings {

    @Option(names = "--grace-duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how long nodes may take to stop after Stop, e.g. 10s, 500ms, 1m (default: 10s)")
    Duration grace = RunOptions.DEFAULT_GRACE;

    @Mixin
    ProgramOptions programs = new ProgramOptions();

    @Option(names = "--log-dir", paramLabel = "DIR", description = "where node logs go (default: out)")
    Path logDir = Path.of("out");

    @Option(names = "--quiet", description = "do not echo node output to the console (it still goes to the logs)")
    boolean quiet;

    RunOptions options() {
        return RunOptions.defaults().withGrace(grace).withClasspath(programs.classpath).withLogDir(logDir)
                .withConsole(!quiet).withTransport(programs.transport());
    }

    /** Runs {@code dataflow} to its end; the exit status of {@code jdora run}. */
    int run(Dataflow dataflow, PrintWriter err) throws InterruptedException {
        DataflowRun run;
        try {
            run = DataflowRunner.start(dataflow, options());
        } catch (DataflowException e) {
            DataflowFiles.printProblems(e, err);
            return Main.USER_ERROR;
        }
        Interrupts.onCtrlC(run);
        RunResult result = run.await();
        RunCommand.report(result, err);
        return result.exitCode();
    }
}
