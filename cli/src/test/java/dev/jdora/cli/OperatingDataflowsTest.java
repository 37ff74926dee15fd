package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.ExternalInput;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.Tap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that operate running dataflows, against real ones: {@code jdora start} puts a dataflow of three node
 * processes over shared memory in the background; list, topic echo/hz/list/info/pub, logs and stop act on it, and in
 * the end nothing of it is left — no process, no run directory. Runs register in a runtime directory of this test
 * ({@link PrivateRuntimeDirectory}), apart from other runs of this user.
 */
class OperatingDataflowsTest {

    private static final int HZ = 50;

    @TempDir
    Path dir;

    @RegisterExtension
    final PrivateRuntimeDirectory runtime = new PrivateRuntimeDirectory();

    private final List<Process> processes = new ArrayList<>();

    /** Stops what a test left running; fails it if anything had to be killed (after killing it). */
    @AfterEach
    void nothingLeft() {
        jdora("down", "--grace-duration", "1s");
        List<ProcessHandle> left = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        } catch (ConditionTimeoutException e) {
            left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            left.forEach(ProcessHandle::destroyForcibly);
        }
        processes.forEach(Process::destroyForcibly);
        assertThat(left).as("processes left running after the test, killed").isEmpty();
    }

    private Path dataflow() throws IOException {
        Path file = dir.resolve("flow.yml");
        Files.writeString(file, "nodes:\n"
                + "  - id: counter\n    class: " + OpsNodes.Counter.class.getName() + "\n"
                + "    inputs: {tick: dora/timer/hz/" + HZ + "}\n    outputs: [count]\n"
                + "  - id: remote\n    class: " + ExternalInput.class.getName() + "\n    outputs: [command]\n"
                + "  - id: printer\n    class: " + OpsNodes.Printer.class.getName() + "\n"
                + "    inputs: {count: counter/count, command: remote/command}\n");
        return file;
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void startListTapPublishLogsStop() throws Exception {
        Path flow = dataflow();
        CliOutcome started = jdora("start", "--name", "ops", "--log-dir", dir.resolve("out").toString(),
                "--grace-duration", "5s", flow.toString());
        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(started.out()).contains("started ops (");
        await("ops running").atMost(Duration.ofSeconds(60))
                .until(() -> jdora("list").out().matches("(?s).*\\nops\\s+\\S+\\s+running\\s+3/3\\s.*"));

        CliOutcome echo = jdora("topic", "echo", "ops", "counter/count", "--count", "3", "--format", "json",
                "--queue-size", "1000");
        assertThat(echo.exit()).as(echo.err()).isZero();
        List<JsonNode> messages = new ArrayList<>();
        for (String line : echo.outLines()) {
            messages.add(new ObjectMapper().readTree(line));
        }
        assertThat(messages).hasSize(3);
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.get("topic").asText()).isEqualTo("counter/count");
            assertThat(m.get("type").asText()).isEqualTo("int(64, true)");
            assertThat(m.get("length").asInt()).isEqualTo(1);
        });
        long first = messages.get(0).get("values").get(0).asLong();
        assertThat(messages.stream().map(m -> m.get("values").get(0).asLong()))
                .containsExactly(first, first + 1, first + 2);
        CliOutcome text = jdora("topic", "echo", "ops", "counter/count", "-n", "1");
        assertThat(text.out()).containsPattern("counter/count  int\\(64, true\\)\\[1\\]  \\[\\d+\\]  time=");

        CliOutcome hz = jdora("topic", "hz", "ops", "counter/count", "--window", "20", "--count", "1");
        assertThat(hz.exit()).as(hz.err()).isZero();
        Matcher rate = Pattern.compile("rate: ([0-9.]+) Hz").matcher(hz.out());
        assertThat(rate.find()).as(hz.out()).isTrue();
        assertThat(Double.parseDouble(rate.group(1))).as("a rate (its computation: OperationsCommandsTest)")
                .isPositive();
        CliOutcome noQueue = jdora("topic", "echo", "ops", "counter/count", "--queue-size", "0");
        assertThat(noQueue.exit()).as(noQueue.err()).isEqualTo(Main.USER_ERROR);
        assertThat(noQueue.err()).contains("--queue-size must be at least 1");

        CliOutcome topics = jdora("topic", "list", "ops", "--window", "200ms");
        assertThat(topics.out()).containsPattern("counter/count\\s+\\d+\\s+[0-9.]+\\s+-\\s+printer/count")
                .containsPattern("remote/command\\s+\\d+\\s+[0-9.]+\\s+yes\\s+printer/command");
        assertThat(jdora("topic", "info", "ops", "counter/count").out()).contains("printer/count  drop_oldest");

        CliOutcome pub = jdora("topic", "pub", "ops", "remote/command", "[4, 2]");
        assertThat(pub.exit()).as(pub.err()).isZero();
        await("the published value").atMost(Duration.ofSeconds(60))
                .until(() -> jdora("logs", "ops", "printer").out().contains("command=[4, 2]"));
        assertThat(jdora("logs", "ops").outLines()).contains("printer: command=[4, 2]");

        CliOutcome notExternal = jdora("topic", "pub", "ops", "counter/count", "1");
        assertThat(notExternal.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(notExternal.err()).contains("written by node 'counter' (" + flow + ":2:5)")
                .contains("class: dev.jdora.runtime.ExternalInput").contains("(here: remote/command)");
        CliOutcome badValue = jdora("topic", "pub", "ops", "remote/command", "{\"a\": [1]}");
        assertThat(badValue.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(badValue.err()).contains("node=remote output=command: field 'a' is a list");

        CliOutcome stop = jdora("stop", "ops", "--grace-duration", "20s"); // room for a loaded host
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("stopped ops");
        assertThat(jdora("list").out()).contains("no dataflow is running");
        await("no process left").atMost(Duration.ofSeconds(60))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        try (Stream<Path> runs = Files.list(runtime.runs())) {
            assertThat(runs).as("run directories left").isEmpty();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void unknownDataflowsAndOutputsAreUserErrorsWithADidYouMean() throws Exception {
        CliOutcome none = jdora("stop", "nothing");
        assertThat(none.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(none.err()).contains("no dataflow 'nothing': no dataflow is running");
        none.assertNoStackTrace();

        Process fg = foregroundRun("fg", dataflow());
        await("the foreground run listed").atMost(Duration.ofSeconds(60))
                .until(() -> jdora("list").out().contains("fg "));
        CliOutcome typo = jdora("logs", "gf");
        assertThat(typo.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(typo.err()).contains("no dataflow 'gf' (did you mean 'fg'?)");
        CliOutcome output = jdora("topic", "echo", "fg", "counter/cuont");
        assertThat(output.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(output.err()).contains("has no output 'counter/cuont' (did you mean 'counter/count'?)");
        CliOutcome node = jdora("logs", "fg", "printr");
        assertThat(node.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(node.err()).contains("has no node 'printr' (did you mean 'printer'?)");
        assertThat(jdora("start", "--name", "fg", dataflow().toString()).err())
                .contains("a dataflow named 'fg' is running already");

        CliOutcome stop = jdora("stop", "fg");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(fg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(fg.exitValue()).as("a stopped run succeeds").isZero();
    }

    @Test
    void everyNewCommandHasHelp() {
        for (String[] command : List.of(new String[] {"start"}, new String[] {"list"}, new String[] {"stop"},
                new String[] {"logs"}, new String[] {"down"}, new String[] {"up"}, new String[] {"topic"},
                new String[] {"topic", "list"}, new String[] {"topic", "info"}, new String[] {"topic", "echo"},
                new String[] {"topic", "hz"}, new String[] {"topic", "pub"})) {
            List<String> args = new ArrayList<>(Arrays.asList(command));
            args.add("--help");
            CliOutcome help = jdora(args.toArray(String[]::new));
            assertThat(help.exit()).as(String.join(" ", command)).isZero();
            assertThat(help.out()).contains("Usage: jdora " + String.join(" ", command));
        }
    }

    /** A {@code jdora run} of {@code flow} in the foreground, as in another terminal. */
    private Process foregroundRun(String name, Path flow) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(CtrlCTest.jvmOptions().split("\\s+")));
        command.addAll(List.of(runtime.jvmOption(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--name", name, "--log-dir", dir.resolve("out").toString(),
                flow.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".console.txt").toFile()).start();
        processes.add(p);
        return p;
    }

    /**
     * Another Unix user ({@code nobody}) can neither list, reach the control socket, nor read the shared memory of a
     * run: a probe run as that user must be refused everywhere. Needs root and {@code runuser} (the refusal by the
     * peer check behind the directory's mode is tested in {@code ControlServerTest}).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anotherUserCannotReachARun() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser"))
                && new com.sun.security.auth.module.UnixSystem().getUid() == 0,
                "the second-user check needs root and /usr/sbin/runuser to act as 'nobody'");
        CliOutcome started = jdora("start", "--name", "mine", "--log-dir", dir.resolve("out").toString(),
                dataflow().toString());
        assertThat(started.exit()).as(started.err()).isZero();
        Path probeDir = Files.createTempDirectory("jdora-probe",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            Path probe = probeDir.resolve("Probe.java");
            Files.writeString(probe, """
                    import java.net.*; import java.nio.channels.*; import java.nio.file.*;
                    public class Probe {
                        public static void main(String[] a) {
                            Path base = Path.of(a[0]);
                            try (var s = Files.list(base)) { System.out.println("LISTED " + s.count()); }
                            catch (Exception e) { System.out.println("list: " + e); }
                            try (Stream<Path> s = Files.find(base, 9, (p, at) -> p.toString().endsWith(".sock"))) {}
                            catch (Exception e) { }
                            for (int i = 1; i < a.length; i++) {
                                try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                                    c.connect(UnixDomainSocketAddress.of(a[i]));
                                    System.out.println("CONNECTED " + a[i]);
                                } catch (Exception e) { System.out.println("connect: " + e); }
                            }
                        }
                    }
                    """.replace("Stream<Path>", "java.util.stream.Stream<Path>"));
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
            Path base = runtime.runs();
            Path runDir;
            try (Stream<Path> runs = Files.list(base)) {
                runDir = runs.findFirst().orElseThrow();
            }
            Process p = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), probe.toString(),
                    base.toString(), runDir.resolve("control.sock").toString(),
                    ExternalInput.socket(runDir, "remote").toString())
                    .directory(probeDir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).as(output).doesNotContain("LISTED").doesNotContain("CONNECTED")
                    .contains("list: java.nio.file.AccessDeniedException");
            assertThat(output.split("Permission denied", -1).length - 1).as(output).isGreaterThanOrEqualTo(2);
        } finally {
            try (Stream<Path> files = Files.walk(probeDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        assertThat(jdora("stop", "mine").exit()).isZero();
    }

    /**
     * A run that does not answer — its process stopped as by Ctrl-Z — is listed as such and makes a command fail
     * with a message instead of hanging; once it goes on, {@code down} stops it and every other run, each awaited
     * once, however they end.
     */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aStoppedRunIsNotAnsweringAndDownStopsEveryRun() throws Exception {
        Path flow = OpsNodes.counterDataflow(dir.resolve("small.yml"), HZ);
        Process a = foregroundRun("a", flow);
        Process b = foregroundRun("b", flow);
        await("both running").atMost(Duration.ofSeconds(60)).until(() -> {
            String list = jdora("list").out();
            return list.matches("(?s).*\\na\\s+\\S+\\s+running\\s.*")
                    && list.matches("(?s).*\\nb\\s+\\S+\\s+running\\s.*");
        });
        signal("STOP", a.pid());
        try {
            CliOutcome list = jdora("list");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).containsPattern("\\na\\s+\\S+\\s+not-answering\\s")
                    .containsPattern("\\nb\\s+\\S+\\s+running\\s");
            CliOutcome logs = jdora("logs", "a");
            assertThat(logs.exit()).isEqualTo(1);
            assertThat(logs.err()).contains("dataflow 'a' (").contains("is not answering")
                    .contains("process " + a.pid());
            logs.assertNoStackTrace();
        } finally {
            signal("CONT", a.pid());
        }
        CliOutcome down = jdora("down", "--grace-duration", "5s");
        assertThat(down.exit()).as(down.out() + down.err()).isZero();
        assertThat(down.out()).contains("stopped a (").contains("stopped b (");
        assertThat(a.waitFor(30, TimeUnit.SECONDS) && b.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(List.of(a.exitValue(), b.exitValue())).containsOnly(0);
        assertThat(jdora("list").out()).contains("no dataflow is running");
    }

    /**
     * A run that ends while a tap is open on it (the tap's connection still open in this process) closes the tap's
     * connection and leaves no thread of its control socket behind — what an application that runs dataflows in its
     * own JVM would otherwise leak with every run.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aRunEndingUnderAnOpenTapLeavesNoThread() throws Exception {
        Path flow = OpsNodes.counterDataflow(dir.resolve("tapped.yml"), HZ);
        DataflowRun run = DataflowRunner.start(Dataflow.load(flow), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(5)).withLogDir(dir.resolve("out")).withConsole(false));
        try {
            DataflowOperations ops = DataflowOperations.local();
            try (Tap tap = ops.tap(ops.resolve(run.id()), "counter/count", 10)) {
                await("a message through the tap").atMost(Duration.ofSeconds(30))
                        .until(() -> tap.next(Duration.ofMillis(200), (data, metadata) -> { }));
                run.stop();
                assertThat(run.await(Duration.ofSeconds(60))).as("the run ended").isPresent();
                await("the control socket's threads end with the run").atMost(Duration.ofSeconds(10))
                        .until(() -> Thread.getAllStackTraces().keySet().stream()
                                .noneMatch(t -> t.isAlive() && t.getName().startsWith("jdora-control")));
            }
        } finally {
            run.kill();
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
    }
}
