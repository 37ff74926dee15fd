package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real {@code jdora run} process: the first stops gracefully, the second at once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CtrlCTest {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void noOrphan() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process jdoraRun(Class<?> node, String grace) throws IOException {
        return jdoraRun(grace, tickerNode("ticker", node));
    }

    private static String tickerNode(String id, Class<?> node) {
        return "  - id: " + id + "\n    class: " + node.getName() + "\n    inputs:\n      tick: dora/timer/millis/10\n";
    }

    private Process jdoraRun(String grace, String... nodes) throws IOException {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, "nodes:\n" + String.join("", nodes));
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // a session of its own: a terminal's Ctrl-C goes to its whole group
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(jvmOptions().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "--grace-duration", grace, "--log-dir", dir.resolve("out").toString(), file.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile()).start();
    }

    static String jvmOptions() throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("/jdora-jvm.options")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private boolean logSays(String text) throws IOException {
        return logSays("ticker", text);
    }

    private boolean logSays(String node, String text) throws IOException {
        Path out = dir.resolve("out");
        if (!Files.isDirectory(out)) {
            return false;
        }
        try (Stream<Path> logs = Files.walk(out)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().equals(node + ".log")).toList()) {
                if (Files.readString(log).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void awaitLog(String text) throws Exception {
        awaitLog("ticker", text);
    }

    private void awaitLog(String node, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!logSays(node, text)) {
            assertThat(process.isAlive()).as("jdora run is alive: " + console()).isTrue();
            assertThat(System.nanoTime() - deadline).as("waiting for '" + text + "'").isNegative();
            Thread.sleep(20);
        }
    }

    private String console() throws IOException {
        return Files.readString(dir.resolve("console.txt"));
    }

    /** Like Ctrl-C in a terminal: SIGINT to the whole process group of {@code jdora run}. */
    private void ctrlC() throws Exception {
        String target = Files.isExecutable(SETSID) ? "-" + process.pid() : Long.toString(process.pid());
        new ProcessBuilder("kill", "-INT", "--", target).start().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void ctrlCStopsEveryNodeAndTheRunSucceeds() throws Exception {
        process = jdoraRun(InterruptNodes.Ticker.class, "10s");
        awaitLog("started");
        ctrlC();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(console()).isZero();
        assertThat(logSays("stopping: MANUAL")).isTrue();
    }

    @Test
    void aSecondCtrlCStopsAtOnceAndReportsTheNodeFailed() throws Exception {
        process = jdoraRun(InterruptNodes.Deaf.class, "60s");
        awaitLog("started");
        ctrlC();
        awaitLog("ignoring stop");
        ctrlC();

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("ended long before the 60 s grace").isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(console()).contains("node 'ticker' failed");
    }

    /**
     * Issue 8 defect 9 through the command: after the first Ctrl-C two nodes return (their JVMs take a while to exit,
     * as a loaded machine's do) and one ignores the Stop; the second Ctrl-C must report only that one as failed.
     */
    @Test
    void aSecondCtrlCReportsOnlyTheNodesStillRunning() throws Exception {
        String slowExit = "    env: {HOOK_MILLIS: 60000}\n";
        process = jdoraRun("60s", tickerNode("ticker", ProcessNodes.SlowExit.class) + slowExit,
                tickerNode("other", ProcessNodes.SlowExit.class) + slowExit,
                tickerNode("deaf", InterruptNodes.Deaf.class));
        awaitLog("ticker", "started");
        awaitLog("other", "started");
        awaitLog("deaf", "started");
        ctrlC();
        awaitLog("ticker", "exiting slowly"); // its program returned; its JVM is in its shutdown hooks
        awaitLog("other", "exiting slowly");
        awaitLog("deaf", "ignoring stop");
        List<ProcessHandle> nodes = process.descendants().toList();
        ctrlC();

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("ended long before the 60 s grace").isTrue();
        assertThat(ProcessModeTest.poll(() -> nodes.stream().noneMatch(ProcessModeTest::running),
                java.time.Duration.ofSeconds(10))).as("no node process left").isTrue();
        assertThat(process.exitValue()).as(console()).isEqualTo(1);
        assertThat(console()).contains("node 'deaf' failed", "1 of 3 nodes failed")
                .doesNotContain("node 'ticker' failed", "node 'other' failed");
    }
}
