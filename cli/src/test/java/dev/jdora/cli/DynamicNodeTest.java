package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import dev.jdora.runtime.ops.DataflowOperations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic nodes ({@code path: dynamic}) across processes: the run launches a counter and a sink and waits for the
 * dynamic node between them, which the test starts by hand as a separate JVM — with the environment {@code jdora node
 * attach --print-env} prints, through {@code jdora node attach -- COMMAND}, or with only {@code JDORA_DATAFLOW} and
 * {@code JDORA_NODE_ID}. Runs register in a runtime directory of the test; afterwards no process and no run directory
 * may remain.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DynamicNodeTest {

    private static final String RUNTIME_DIR = "jdora.runtimeDir";
    private static final int COUNT = 200;
    private static final Pattern EXPORT = Pattern.compile("export ([A-Z_]+)='(.*)'");

    @TempDir
    Path dir;

    private Path runtimeDir;
    private final List<Process> started = new ArrayList<>();
    private final List<Path> runDirectories = new ArrayList<>();

    @BeforeEach
    void ownRuntimeDirectory() throws IOException {
        runtimeDir = Files.createDirectory(dir.resolve("rt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        System.setProperty(RUNTIME_DIR, runtimeDir.toString());
    }

    @AfterEach
    void nothingLeft() throws InterruptedException {
        try {
            for (Process p : started) {
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the dynamic node's process ended").isTrue();
            }
            assertThat(poll(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                    Duration.ofSeconds(10))).as("no node process left").isTrue();
            assertThat(runDirectories).as("run directories").allSatisfy(d -> assertThat(d).doesNotExist());
        } finally {
            started.forEach(Process::destroyForcibly);
            System.clearProperty(RUNTIME_DIR);
        }
    }

    private static boolean poll(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private DataflowRun start(String echoKeys) throws Exception {
        Path file = dir.resolve("dyn.yml");
        Files.writeString(file, "nodes:\n"
                + "  - id: counter\n    class: " + DynamicNodes.Counter.class.getName() + "\n"
                + "    outputs: [out]\n    env: {COUNT: " + COUNT + "}\n"
                + "  - id: echo\n    path: dynamic\n    outputs: [out]\n" + echoKeys
                + "    inputs:\n      in: {source: counter/out, queue_policy: backpressure, queue_size: 20}\n"
                + "  - id: sink\n    class: " + DynamicNodes.Sink.class.getName() + "\n    env: {COUNT: " + COUNT
                + "}\n    inputs:\n      in: {source: echo/out, queue_policy: backpressure}\n");
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("shm")
                .withName("dyn").withGrace(Duration.ofSeconds(5)).withLogDir(dir.resolve("out")).withConsole(false));
        runDirectories.add(runtimeDir.resolve("jdora").resolve(run.id()));
        return run;
    }

    /** The dynamic node as a JVM of its own, with {@code env} added to this one's; its output goes to a file. */
    private Process startEcho(Map<String, String> env, String output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(echoCommand()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(output).toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        started.add(p);
        return p;
    }

    private static List<String> echoCommand() {
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), DynamicNodes.Echo.class.getName());
    }

    private static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitLine(Path file, String line) throws InterruptedException {
        assertThat(poll(() -> text(file).lines().anyMatch(line::equals), Duration.ofSeconds(60)))
                .as("'%s' in %s: %s", line, file, text(file)).isTrue();
    }

    private static RunResult finish(DataflowRun run) throws InterruptedException {
        return run.await(Duration.ofSeconds(60)).orElseGet(() -> {
            run.kill();
            throw new AssertionError("the run did not end in time");
        });
    }

    private static NodeResult node(RunResult result, String id) {
        return result.nodes().stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
    }

    private static Map<String, String> exports(String printed) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : printed.split("\\R")) {
            Matcher m = EXPORT.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            env.put(m.group(1), m.group(2));
        }
        return env;
    }

    private static void refused(CliOutcome outcome, String message) {
        assertThat(outcome.exit()).as(outcome.err()).isEqualTo(Main.USER_ERROR);
        assertThat(outcome.err()).contains(message);
        outcome.assertNoStackTrace();
    }

    @Test
    void theRunWaitsForTheDynamicNodeWhichJoinsWithThePrintedEnvironmentAndIsStoppedLikeAnyNode() throws Exception {
        DataflowRun run = start("");
        DataflowOperations ops = DataflowOperations.local();
        assertThat(ops.status(ops.resolve("dyn")).state()).as("the barrier waits for the dynamic node")
                .isEqualTo("starting");

        CliOutcome printed = jdora("node", "attach", "dyn", "echo", "--print-env");
        assertThat(printed.exit()).as(printed.err()).isZero();
        Map<String, String> env = exports(printed.out().strip());
        assertThat(env).containsKeys("JDORA_NODE_CONFIG", "JDORA_NODE_SECRET", "JDK_JAVA_OPTIONS");
        assertThat(Files.getPosixFilePermissions(Path.of(env.get("JDORA_NODE_CONFIG"))))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Process echo = startEcho(env, "echo.out");

        Path logs = dir.resolve("out").resolve(run.id());
        awaitLine(logs.resolve("sink.log"), "got " + COUNT + " gaps 0");
        assertThat(ops.status(ops.resolve("dyn")).state()).isEqualTo("running");
        refused(jdora("node", "attach", "dyn", "echo", "--print-env"), "node 'echo' has joined already");
        refused(jdora("node", "attach", "dyn", "ecko", "--", "true"), "dataflow 'dyn' has no node 'ecko' (did you "
                + "mean 'echo'?)");
        refused(jdora("node", "attach", "dyn", "sink", "--", "true"), "node 'sink' (");
        refused(jdora("node", "attach", "dyn", "sink", "--", "true"), "is not dynamic");
        refused(jdora("node", "attach", "nope", "echo", "--", "true"), "no dataflow 'nope'");
        refused(jdora("node", "attach", "dyn", "echo"), "give the node's command after '--', or --print-env");

        run.stop();
        RunResult result = finish(run);
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(echo.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(echo.exitValue()).isZero();
        assertThat(text(dir.resolve("echo.out"))).contains("joined as echo", "stop MANUAL");
        assertThat(text(logs.resolve("counter.log"))).contains("stop MANUAL");
        assertThat(text(logs.resolve("sink.log"))).contains("unmarked repeats 0");
    }

    @Test
    void aDynamicNodeKilledByHandRejoinsAndResumesWhereItWas() throws Exception {
        DataflowRun run = start("    restart_policy: on-failure\n");
        List<String> command = new ArrayList<>(List.of("node", "attach", "dyn", "echo", "--", "env", "KILL_AT=50"));
        command.addAll(echoCommand());
        CompletableFuture<CliOutcome> attached = CompletableFuture.supplyAsync(
                () -> jdora(command.toArray(String[]::new)));
        CliOutcome first = attached.get(60, TimeUnit.SECONDS);
        assertThat(first.exit()).as("the killed node's exit status: " + first.err()).isEqualTo(1);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("JDORA_DATAFLOW", "dyn");
        env.put("JDORA_NODE_ID", "echo");
        env.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        env.put("JDK_JAVA_OPTIONS", jvmOptions());
        Process second = startEcho(env, "echo-2.out");

        Path logs = dir.resolve("out").resolve(run.id());
        awaitLine(logs.resolve("sink.log"), "got " + COUNT + " gaps 0");
        run.stop();
        RunResult result = finish(run);
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(node(result, "echo").restarts()).isEqualTo(1);
        assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(text(dir.resolve("echo-2.out"))).contains("joined as echo", "stop MANUAL");
        assertThat(text(logs.resolve("sink.log"))).contains("event NodeRestarted[nodeId=echo]", "unmarked repeats 0");
    }

    @Test
    void aDynamicNodeThatDoesNotJoinWithinItsStartupTimeoutFailsAndCannotJoinLater() throws Exception {
        DataflowRun run = start("    startup_timeout: 0.5\n");
        DataflowOperations ops = DataflowOperations.local();
        assertThat(poll(() -> !ops.status(ops.resolve("dyn")).failed().isEmpty(), Duration.ofSeconds(30)))
                .as("echo failed").isTrue();
        refused(jdora("node", "attach", "dyn", "echo", "--print-env"), "node 'echo' has ended (a dynamic node may "
                + "join again after its end only with a restart_policy that allows it)");
        run.stop();
        RunResult result = finish(run);
        assertThat(node(result, "echo").error()).hasValue("did not join within its startup_timeout of 0.5 s");
        assertThat(node(result, "counter").failed()).isFalse();
    }

    /**
     * Another Unix user ({@code nobody}) cannot attach to this user's run: its own runs are elsewhere, and this user's
     * base is not theirs, so the run is not even found. Needs root and {@code runuser}; skipped otherwise.
     */
    @Test
    void anotherUserCannotAttach() throws Exception {
        boolean possible = Files.isExecutable(Path.of("/usr/sbin/runuser"))
                && new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!possible) {
            System.err.println("skipping the second-user check: it needs root and runuser to act as 'nobody'");
            return;
        }
        DataflowRun run = start("");
        Path copy = Files.createTempDirectory("jdora-attach",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            List<String> command = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "nobody", "--",
                    echoCommand().get(0), "-D" + RUNTIME_DIR + "=" + runtimeDir, "-cp", readableClasspath(copy),
                    Main.class.getName(), "node", "attach", "dyn", "echo", "--print-env"));
            Process p = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isEqualTo(Main.USER_ERROR);
            assertThat(output).contains("error: no dataflow 'dyn'").doesNotContain("export ")
                    .doesNotContain("\tat ");
        } finally {
            run.stop();
            finish(run);
            try (var files = Files.walk(copy)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The CLI's class path, copied where {@code nobody} can read it (the test's own libraries left out). */
    private static String readableClasspath(Path copy) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (entry.isEmpty() || !Files.exists(from) || entry.contains("test-classes")
                    || entry.matches(".*(junit|assertj|opentest4j|apiguardian|byte-buddy|mockito).*")) {
                continue;
            }
            Path to = copy.resolve(i++ + "-" + from.getFileName());
            try (var files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(f).toString());
                    Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                            Files.isDirectory(target) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            entries.add(to.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The JVM options every jdora JVM needs, from the one place the build keeps them. */
    private static String jvmOptions() throws IOException {
        try (var in = DynamicNodeTest.class.getResourceAsStream("/jdora-jvm.options")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
    }
}
