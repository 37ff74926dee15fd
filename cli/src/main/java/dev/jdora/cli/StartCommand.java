package dev.jdora.cli;

import dev.jdora.cluster.CoordinatorOperations;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdora start}: runs a dataflow in the background. It checks the dataflow here (a bad one is reported as by
 * {@code jdora run}, exit status 2), then starts {@code jdora run} as a process of its own — in a session of its own
 * (through {@code setsid} where there is one), its console to {@code <log dir>/<name>.console.log} — and returns
 * once that run has registered (detached, the default), or follows its logs until it ends ({@code --attach}; Ctrl-C
 * there stops the dataflow). There is no daemon: the background run is an ordinary {@code jdora run}, listed, stopped
 * and tapped like one in a terminal.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Run a dataflow in the background, as a jdora run of its own that outlives this command. "
                + "Its nodes' logs go to <log dir>/<run id>/, its console to <log dir>/<name>.console.log.",
            "Then: jdora list, jdora logs NAME, jdora topic echo NAME node/output, jdora stop NAME.",
            "With --coordinator HOST:PORT, the coordinator starts it on its machines instead (each node on the one "
                    + "its deploy.machine names; the file at the same path on each)."})
final class StartCommand implements Callable<Integer> {

    private static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(2);

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the dataflow YAML file")
    private Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "the name to know it by (default: the file's name, "
            + "made unique)")
    private Optional<String> name = Optional.empty();

    @ArgGroup(exclusive = true)
    private Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--detach", description = "return once it runs (the default)")
        boolean detach;

        @Option(names = "--attach", description = "print its logs until it ends; Ctrl-C stops it")
        boolean attach;
    }

    @Option(names = "--grace-duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "its grace period on stop (default: 10s)")
    private Optional<Duration> grace = Optional.empty();

    @Option(names = "--log-dir", paramLabel = "DIR", description = "where node logs go (default: out)")
    private Path logDir = Path.of("out");

    @Mixin
    private ProgramOptions programs = new ProgramOptions();

    @Mixin
    private ClusterOptions cluster = new ClusterOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (programs.inJvm) {
            err.println("error: jdora start --in-jvm: a run in one JVM has no run directory, so jdora list, stop, "
                    + "logs and topic could not reach it in the background; start it without --in-jvm (nodes as "
                    + "processes), or run it in the foreground: jdora run --in-jvm " + file);
            return Main.USER_ERROR;
        }
        Optional<Dataflow> dataflow = DataflowFiles.load(file, err);
        if (dataflow.isEmpty()) {
            return Main.USER_ERROR;
        }
        Optional<CoordinatorOperations> coordinator = cluster.coordinator();
        if (coordinator.isPresent()) {
            return startOn(coordinator.get(), spec.commandLine().getOut(), err);
        }
        Optional<String> runName = RunTargets.newName(name, file, err);
        if (runName.isEmpty()) {
            return Main.USER_ERROR;
        }
        try {
            return start(runName.get(), err);
        } catch (IOException e) {
            err.println("error: jdora start: " + UsageErrors.describe(e));
            err.flush();
            return RunTargets.FAILED;
        }
    }

    private int start(String runName, PrintWriter err) throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path logs = logDir.toAbsolutePath().normalize();
        Files.createDirectories(logs);
        Path console = logs.resolve(runName + ".console.log");
        Process process = Detached.start(command(runName, logs), console);
        DataflowOperations ops = RunTargets.operations();
        Optional<RunAddress> run = awaitRegistration(ops, runName, process);
        if (run.isEmpty() && !process.isAlive() && process.exitValue() == 0) {
            out.println("the dataflow ran and ended before it could be listed; its console: " + console);
            out.flush();
            return 0;
        }
        if (run.isEmpty()) {
            boolean timedOut = process.isAlive();
            if (timedOut) {
                Detached.destroy(process); // else it would run on unseen, never registered
            }
            err.println("error: the dataflow did not start" + (timedOut ? " within " + REGISTRATION_TIMEOUT.toMinutes()
                    + " minutes, and was stopped" : " (exit status " + process.exitValue() + ")") + "; its console, "
                    + console + ":");
            Detached.printTail(console, err);
            return timedOut ? RunTargets.FAILED : process.exitValue();
        }
        out.println("started " + run.get().name() + " (" + run.get().id() + "): logs in " + run.get().logDir()
                + ", stop it with: jdora stop " + run.get().name());
        out.flush();
        if (!mode.attach) {
            return 0;
        }
        return attach(ops, run.get(), process, out);
    }

    /**
     * Starts the dataflow on a coordinator's machines: each node on the machine its {@code deploy.machine} names, the
     * file at the same absolute path on each. The daemons' own options say where logs go and which class path nodes
     * get, so this command's do not apply.
     */
    private int startOn(CoordinatorOperations coordinator, PrintWriter out, PrintWriter err) {
        if (mode.attach || programs.inJvm || !programs.classpath.isEmpty()
                || spec.commandLine().getParseResult().hasMatchedOption("--log-dir")) {
            err.println("error: --attach, --in-jvm, --classpath and --log-dir do not apply with --coordinator: each "
                    + "machine's jdora daemon has its own --classpath and --log-dir; follow the logs with jdora logs "
                    + "--follow --coordinator " + cluster.coordinator + " NAME");
            return Main.USER_ERROR;
        }
        try {
            Optional<String> runName = RunTargets.newName(coordinator, name, file, err);
            if (runName.isEmpty()) {
                return Main.USER_ERROR;
            }
            RunAddress run = coordinator.start(file, runName.get(), grace);
            out.println("started " + run.name() + " (" + run.id() + ") on " + String.join(", ",
                    coordinator.placement(run)) + ": jdora logs --coordinator " + cluster.coordinator + " "
                    + run.name() + ", jdora stop --coordinator " + cluster.coordinator + " " + run.name());
            out.flush();
            return 0;
        } catch (OperationException e) {
            return RunTargets.report(e, err);
        }
    }

    /** Follows the logs until the run ends; Ctrl-C stops the run, a second one leaves it. */
    private int attach(DataflowOperations ops, RunAddress run, Process process, PrintWriter out)
            throws InterruptedException {
        Thread stopOnCtrlC = new Thread(() -> {
            try {
                ops.stop(run, grace);
                process.waitFor();
            } catch (OperationException | InterruptedException ended) {
                // it has ended already
            }
        }, "jdora-start-attach");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        try {
            Main.execute(out, spec.commandLine().getErr(), "logs", "--follow", run.id());
            return process.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException exiting) {
                // the hook is running
            }
        }
    }

    private static Optional<RunAddress> awaitRegistration(DataflowOperations ops, String name, Process process)
            throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRATION_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() - deadline < 0) {
            Optional<RunAddress> run = ops.runs().stream()
                    .filter(r -> r.name().equals(name) && startedBy(r, process.toHandle())).findFirst();
            if (run.isPresent()) {
                return run;
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return Optional.empty();
    }

    /**
     * True if {@code run} is the one {@code child} started: the child itself ({@code setsid} runs the command in its
     * own process), or a child of it (where {@code setsid} has to fork) — not another start's run of the same name.
     */
    static boolean startedBy(RunAddress run, ProcessHandle child) {
        return run.pid() == child.pid() || ProcessHandle.of(run.pid()).flatMap(ProcessHandle::parent)
                .filter(parent -> parent.pid() == child.pid()).isPresent();
    }

    /** {@code jdora run ...} of this dataflow, detached. */
    private List<String> command(String runName, Path logs) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--name", runName, "--quiet", "--log-dir", logs.toString()));
        grace.ifPresent(g -> args.addAll(List.of("--grace-duration", g.toMillis() + "ms")));
        if (!programs.classpath.isEmpty()) {
            args.addAll(List.of("--classpath", String.join(":", programs.classpath.stream()
                    .map(p -> p.toAbsolutePath().toString()).toList())));
        }
        if (programs.inJvm) {
            args.add("--in-jvm");
        }
        args.add(file.toAbsolutePath().toString());
        return Detached.command(args);
    }
}
