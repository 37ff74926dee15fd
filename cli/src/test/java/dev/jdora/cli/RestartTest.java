package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart policies, start-up and health timeouts across processes. Every test has a hard timeout and a runtime
 * directory of its own ({@link PrivateRuntimeDirectory}); afterwards no run directory and no node process may remain.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final PrivateRuntimeDirectory runtime = new PrivateRuntimeDirectory();

    private final List<Path> runDirectories = new ArrayList<>();

    @AfterEach
    void nothingLeft() throws Exception {
        assertThat(poll(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                Duration.ofSeconds(10))).as("no node process left").isTrue();
        assertThat(runDirectories).as("run directories of this test").allSatisfy(d -> assertThat(d).doesNotExist());
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

    private DataflowRun start(String yaml) throws Exception {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, yaml);
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(5)).withLogDir(dir.resolve("out")).withConsole(false));
        runDirectories.add(ProcessModeTest.runBase().resolve(run.id()));
        return run;
    }

    private static RunResult finish(DataflowRun run) throws InterruptedException {
        return run.await(Duration.ofSeconds(100)).orElseGet(() -> {
            run.kill();
            throw new AssertionError("the run did not end in time");
        });
    }

    private static List<String> log(RunResult result, String node) throws IOException {
        return Files.readAllLines(result.logDir().resolve(node + ".log"));
    }

    private static NodeResult node(RunResult result, String id) {
        return result.nodes().stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
    }

    private static String node(String id, Class<?> type, String... lines) {
        StringBuilder sb = new StringBuilder("  - id: " + id + "\n    class: " + type.getName() + "\n");
        for (String line : lines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    @Test
    void neverKeepsTodaysBehaviourAFailedNodeStaysFailed() throws Exception {
        RunResult result = finish(start("nodes:\n"
                + node("x", RestartNodes.Exiter.class, "env: {EXIT: 3}")));
        assertThat(node(result, "x").failed()).isTrue();
        assertThat(node(result, "x").error()).contains("exited with code 3");
        assertThat(node(result, "x").restarts()).isZero();
        assertThat(log(result, "x")).containsExactly("start 0");
    }

    @Test
    void onFailureDoesNotRestartACleanExit() throws Exception {
        RunResult result = finish(start("nodes:\n"
                + node("x", RestartNodes.Exiter.class, "env: {EXIT: 0}", "restart_policy: on-failure")));
        assertThat(result.succeeded()).isTrue();
        assertThat(node(result, "x").restarts()).isZero();
        assertThat(log(result, "x")).containsExactly("start 0");
    }

    @Test
    void maxRestartsIsHonoured() throws Exception {
        RunResult result = finish(start("nodes:\n"
                + node("x", RestartNodes.Exiter.class, "env: {EXIT: 3}", "restart_policy: on-failure",
                        "max_restarts: 2", "restart_delay: 0.05")));
        assertThat(node(result, "x").failed()).isTrue();
        assertThat(node(result, "x").restarts()).isEqualTo(2);
        assertThat(node(result, "x").error()).contains("exited with code 3; not restarted again after 2 restarts"
                + " (max_restarts: 2)");
        assertThat(log(result, "x")).containsExactly("start 0", "start 1", "start 2");
    }

    @Test
    void startupTimeoutFailsANodeThatNeverConnects() throws Exception {
        Path script = dir.resolve("never.sh");
        Files.writeString(script, "#!/bin/sh\nexec sleep 100\n");
        script.toFile().setExecutable(true, true);
        RunResult result = finish(start("nodes:\n  - id: x\n    path: never.sh\n    startup_timeout: 1\n"));
        assertThat(node(result, "x").failed()).isTrue();
        assertThat(node(result, "x").error()).hasValueSatisfying(e -> assertThat(e).startsWith(
                "did not connect within its startup_timeout of 1.0 s (exit code 137)"));
    }

    @Test
    void healthCheckTimeoutRestartsAStuckNodeWhichResumesWhereItWas() throws Exception {
        RunResult result = finish(start("nodes:\n"
                + node("src", RestartNodes.Source.class, "outputs: [out]", "env: {COUNT: 50, PAUSE_MICROS: 20000}")
                + node("stuck", RestartNodes.GetsStuck.class, "outputs: [out]", "restart_policy: on-failure",
                        "health_check_timeout: 1", "inputs:", "  in: {source: src/out, queue_policy: backpressure}")
                + node("sink", RestartNodes.Sink.class,
                        "inputs:", "  in: {source: stuck/out, queue_policy: backpressure}")));
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(node(result, "stuck").restarts()).isEqualTo(1);
        assertThat(log(result, "stuck")).containsSubsequence("start 0", "stuck", "start 1");
        assertThat(log(result, "sink")).containsSubsequence("event NodeRestarted stuck",
                "received 50 gaps 0 duplicates 0 unmarked 0");
    }

    /** {@code src} sends 0..19 to {@code x} ({@link RestartNodes.ThrowsOnce}, with {@code keys}), which relays to a sink. */
    private RunResult throwsOnceChain(String... keys) throws Exception {
        List<String> lines = new ArrayList<>(List.of(keys));
        lines.addAll(List.of("outputs: [out]", "inputs:", "  in: {source: src/out, queue_policy: backpressure}"));
        return finish(start("nodes:\n"
                + node("src", RestartNodes.Source.class, "outputs: [out]", "env: {COUNT: 20}")
                + node("x", RestartNodes.ThrowsOnce.class, lines.toArray(String[]::new))
                + node("sink", RestartNodes.Sink.class,
                        "inputs:", "  in: {source: x/out, queue_policy: backpressure}")));
    }

    @Test
    void aNodeThatThrowsGetsTheMessageItWasHandlingAgainAfterItsRestart() throws Exception {
        RunResult result = throwsOnceChain("restart_policy: on-failure", "env: {THROW_AT: 5}");
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(node(result, "x").restarts()).isEqualTo(1);
        assertThat(log(result, "x")).containsSubsequence("start 0", "start 1", "redelivered 5")
                .filteredOn(line -> line.startsWith("redelivered")).containsExactly("redelivered 5");
        assertThat(log(result, "sink")).contains("received 20 gaps 0 duplicates 0 unmarked 0");
    }

    @Test
    void aRestartedNodeIsNotTakenForStuckBeforeItReads() throws Exception {
        RunResult result = throwsOnceChain("restart_policy: on-failure", "max_restarts: 2", "health_check_timeout: 1",
                "env: {THROW_AT: 5, SLOW_START_MILLIS: 3000}");
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(node(result, "x").restarts()).isEqualTo(1);
        assertThat(log(result, "sink")).contains("received 20 gaps 0 duplicates 0 unmarked 0");
    }

    /**
     * Chaos: a lossless chain of five nodes, the three in the middle restarted always; one of them is SIGKILLed every
     * 2 s for 30 s (fifteen kills, each after the last victim's restart). The source then stops sending; the sink gets
     * every sequence number the source sent at least once and in order, every repeat marked {@code redelivered}.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS) // 30 s of kills, each followed by a JVM start on a loaded machine
    void aLosslessChainSurvivesItsMiddleNodesBeingKilled() throws Exception {
        Path pids = Files.createDirectory(dir.resolve("pids"));
        String relay = "restart_policy: always";
        String env = "env: {PID_DIR: '" + pids + "'}";
        Path stop = dir.resolve("stop-sending");
        DataflowRun run = start("nodes:\n"
                + node("src", RestartNodes.Source.class, "outputs: [out]",
                        "env: {COUNT: 1000000, PAUSE_MICROS: 2000, STOP_FILE: '" + stop + "'}")
                + node("m1", RestartNodes.Relay.class, "outputs: [out]", relay, env,
                        "inputs:", "  in: {source: src/out, queue_policy: backpressure}")
                + node("m2", RestartNodes.Relay.class, "outputs: [out]", relay, env,
                        "inputs:", "  in: {source: m1/out, queue_policy: backpressure}")
                + node("m3", RestartNodes.Relay.class, "outputs: [out]", relay, env,
                        "inputs:", "  in: {source: m2/out, queue_policy: backpressure}")
                + node("sink", RestartNodes.Sink.class,
                        "inputs:", "  in: {source: m3/out, queue_policy: backpressure}"));
        List<String> victims = new ArrayList<>();
        for (int k = 0; k < 15; k++) {
            victims.add(List.of("m1", "m2", "m3").get(k % 3));
        }
        for (String victim : victims) {
            Thread.sleep(2000); // the chaos' own pace, not a wait for a condition
            Path file = pids.resolve(victim);
            assertThat(poll(() -> Files.exists(file), Duration.ofSeconds(20))).as(victim + " announced").isTrue();
            long pid = Long.parseLong(Files.readString(file));
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            assertThat(poll(() -> !readQuietly(file).equals(Long.toString(pid)), Duration.ofSeconds(20)))
                    .as(victim + " restarted").isTrue();
        }
        Files.createFile(stop);
        RunResult result = finish(run);

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.nodes().stream().mapToInt(NodeResult::restarts).sum()).isEqualTo(victims.size());
        String sent = log(result, "src").stream().filter(line -> line.startsWith("sent ")).findFirst()
                .orElseThrow().substring("sent ".length());
        assertThat(Long.parseLong(sent)).as("messages sent during the kills").isGreaterThan(1000);
        List<String> sink = log(result, "sink");
        String summary = sink.stream().filter(line -> line.startsWith("received ")).findFirst().orElseThrow();
        assertThat(summary).matches("received " + sent + " gaps 0 duplicates [0-9]+ unmarked 0");
        // each SIGKILL redelivers at most the one message its victim had not finished
        assertThat(Long.parseLong(summary.split(" ")[5])).as("duplicates").isLessThanOrEqualTo(victims.size());
        List<String> restartsOfM3 = Collections.nCopies((int) victims.stream().filter("m3"::equals).count(),
                "event NodeRestarted m3");
        List<String> events = new ArrayList<>(restartsOfM3);
        events.addAll(List.of("event InputClosed", "event Stop"));
        assertThat(sink).filteredOn(line -> line.startsWith("event ")).containsExactlyElementsOf(events);
        // the sink reads m3 only, so it hears of m3's restarts alone
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
