package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.core.internal.Plural;
import dev.jdora.runtime.DataflowBuilder;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdora run}: runs a dataflow on this machine until every node has ended. Ctrl-C sends {@code Stop} to every
 * node (then the grace ladder); a second Ctrl-C stops at once.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a dataflow on this machine until every node has ended.",
            "Ctrl-C sends Stop to every node; a node still running after the grace period is interrupted, and "
                    + "reported failed grace/2 later. A second Ctrl-C stops at once."})
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the dataflow YAML file")
    private Path file = Path.of("dataflow.yml");

    @Option(names = "--grace-duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how long nodes may take to stop after Stop, e.g. 10s, 500ms, 1m (default: 10s)")
    private Duration grace = RunOptions.DEFAULT_GRACE;

    @Mixin
    private ProgramOptions programs = new ProgramOptions();

    @Option(names = "--build", description = {"run the build: commands of the nodes first (as jdora build does); "
            + "if one fails, the dataflow is not started (exit status 1)"})
    private boolean build;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "where node logs go (default: out)")
    private Path logDir = Path.of("out");

    @Option(names = "--quiet", description = "do not echo node output to the console (it still goes to the logs)")
    private boolean quiet;

    @Option(names = "--hot-reload", description = {"watch the operators' class files or jars (in the dataflow's "
            + "classpath: and --classpath entries) and reload an operator when they change, keeping its state if it "
            + "is a StatefulOperator"})
    private boolean hotReload;

    @Option(names = "--transport-setting", paramLabel = "KEY=VALUE", description = {"a setting of the transport, "
            + "repeatable, e.g. shm.maxRingBytes=1073741824 (the biggest message body, default and at most 1 GiB); "
            + "see the README for the settings"})
    private Map<String, String> transportSettings = new LinkedHashMap<>();

    @Option(names = "--name", paramLabel = "NAME", description = "the name jdora list, stop, logs and topic know "
            + "this run by (default: the file's name, made unique)")
    private Optional<String> name = Optional.empty();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Dataflow> dataflow = DataflowFiles.load(file, err);
        if (dataflow.isEmpty()) {
            return Main.USER_ERROR;
        }
        int buildCommands = DataflowBuilder.commandCount(dataflow.get());
        if (build && buildCommands > 0) {
            if (!BuildCommand.build(dataflow.get(), spec.commandLine().getOut(), err)) {
                err.println("jdora: the dataflow was not started");
                return BuildCommand.BUILD_FAILED;
            }
        } else if (buildCommands > 0) {
            err.println("jdora: " + Plural.count(buildCommands, "build: command") + " not run (run them with "
                    + "'jdora build " + file + "', or use 'jdora run --build " + file + "')");
        }
        Optional<String> runName = RunTargets.newName(name, file, err);
        if (runName.isEmpty()) {
            return Main.USER_ERROR;
        }
        RunOptions options = RunOptions.defaults().withName(runName.get()).withGrace(grace)
                .withClasspath(programs.classpath)
                .withLogDir(logDir).withConsole(!quiet).withTransport(programs.transport())
                .withTransportSettings(transportSettings);
        DataflowRun run;
        try {
            run = DataflowRunner.start(dataflow.get(), options);
        } catch (DataflowException e) {
            DataflowFiles.printProblems(e, err);
            return Main.USER_ERROR;
        } catch (IllegalArgumentException e) {
            // the transport rejected a --transport-setting
            err.println("error: " + e.getMessage());
            return Main.USER_ERROR;
        }
        Interrupts.onCtrlC(run);
        HotReloadWatcher watcher = null;
        if (hotReload) {
            try {
                watcher = HotReloadWatcher.start(dataflow.get(), programs.classpath, run, err);
            } catch (IOException e) {
                err.println("hot reload: cannot watch the classpath: " + e.getMessage());
            }
        }
        RunResult result;
        try {
            result = run.await();
        } finally {
            if (watcher != null) {
                watcher.close();
            }
        }
        report(result, err);
        return result.exitCode();
    }

    static void report(RunResult result, PrintWriter err) {
        RunSummary.lines(result).forEach(err::println);
        for (NodeResult node : result.nodes()) {
            node.dropped().forEach((input, n) -> err.println("node '" + node.nodeId() + "' input '" + input
                    + "': dropped " + Plural.count(n, "message") + " (drop_oldest)"));
            if (node.restarts() > 0) {
                err.println("node '" + node.nodeId() + "': restarted " + Plural.count(node.restarts(), "time") + ", "
                        + node.error().map(e -> "then failed").orElse("then ended cleanly"));
            }
        }
        for (NodeResult failed : result.failures()) {
            err.println("node '" + failed.nodeId() + "' failed: " + failed.error().orElse("unknown error"));
            if (!failed.lastLogLines().isEmpty()) {
                err.println("  last lines of " + result.logDir().resolve(failed.nodeId() + ".log") + ":");
                failed.lastLogLines().forEach(line -> err.println("    " + line));
            }
        }
        err.println(result.succeeded() ? "dataflow finished: " + Plural.count(result.nodes().size(), "node")
                + " succeeded" : "dataflow finished: " + result.failures().size() + " of "
                + Plural.count(result.nodes().size(), "node") + " failed");
        err.flush();
    }
}
