package dev.jdora.cli;

import static dev.jdora.cli.ProcessModeTest.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 in process mode, through {@code jdora run}: a 3-node dataflow with a 50 ms timer and the default
 * {@code drop_oldest}, whose sink is slow to start, loses nothing at the start; the dataflow ends when the sink calls
 * {@code stopAll()}, or when it finishes under {@code exit_when_nodes_finish}. Afterwards no node process and no run
 * directory may remain.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunLifecycleProcessTest {

    @TempDir
    Path dir;

    private String runErr = "";

    @AfterEach
    void nothingLeft() throws Exception {
        assertThat(poll(() -> ProcessHandle.current().descendants().noneMatch(ProcessModeTest::running),
                Duration.ofSeconds(10))).as("no node process left").isTrue();
        try (Stream<Path> runs = Files.list(ProcessModeTest.runBase())) {
            assertThat(runs.filter(d -> Files.exists(dir.resolve("out").resolve(d.getFileName())))).isEmpty();
        }
    }

    private static String node(String id, Class<?> type, String... lines) {
        StringBuilder sb = new StringBuilder("  - id: " + id + "\n    class: " + type.getName() + "\n");
        for (String line : lines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    /**
     * The {@code drop_oldest} inputs of the relay and the sink hold 1000 messages (50 s of ticks) rather than 10: on a
     * busy machine a node JVM may stall for seconds right after the start (its first messages load classes, the JIT
     * competes for the cores), and the test is about what the barrier lets through, not about such stalls.
     */
    private static final String ROOMY = "{source: %s, queue_size: 1000}";

    /** The source (a 50 ms timer, with {@code sourceEnv} as its {@code env:}) and the relay. */
    private static String sourceAndRelay(String sourceEnv) {
        return node("source", LifecycleNodes.Numbers.class, "inputs:", "  tick: dora/timer/millis/50",
                "outputs: [out]", "env: {" + sourceEnv + "}")
                + node("relay", LifecycleNodes.Relay.class, "inputs:", "  in: " + ROOMY.formatted("source/out"),
                        "outputs: [out]");
    }

    /** {@code jdora run} on {@code yaml}; returns its exit status. */
    private int jdoraRun(String yaml) throws IOException {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, yaml);
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "run",
                file.toString(), "--quiet", "--log-dir", dir.resolve("out").toString(), "--grace-duration", "10s");
        runErr = err.toString();
        return exit;
    }

    private List<String> log(String node) throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve("out"))) {
            Path run = runs.findFirst().orElseThrow();
            return Files.readAllLines(run.resolve(node + ".log"));
        }
    }

    private static String values(long count) {
        return LongStream.range(0, count).mapToObj(Long::toString).toList().toString();
    }

    /**
     * The barrier that opened once every node had called {@code Node.fromEnv()} let the timer tick while the sink was
     * still starting (here for 1.5 s, thirty ticks): the source's first tick came before the sink read, and with the
     * default ten messages of room the sink lost its first values (22 of the first 43 in the issue). Now the first
     * tick comes only once the sink reads: the sink writes the time right before its first read, and the source
     * compares it with the time its first tick was sent.
     */
    @Test
    void theSinkGetsTheFirstValueAndItsStopAllEndsTheRunWithEveryNodeStopped() throws Exception {
        Path reading = dir.resolve("sink-reading");
        int exit = jdoraRun("nodes:\n" + sourceAndRelay("SINK_READING: " + reading)
                + node("sink", LifecycleNodes.Sink.class, "inputs:", "  in: " + ROOMY.formatted("relay/out"),
                        "env: {SLOW_START_MILLIS: 1500, READING: " + reading + ", COUNT: 20, STOP_ALL: true}"));

        assertThat(exit).as(runErr).isZero();
        assertThat(log("source")).contains("the first tick was sent after the sink began to read: true");
        assertThat(log("sink")).contains("received " + values(20));
        for (String node : List.of("source", "relay", "sink")) {
            assertThat(log(node)).as(node).endsWith("stop MANUAL");
        }
    }

    @Test
    void theRunEndsWhenTheNodesOfExitWhenNodesFinishHaveFinished() throws Exception {
        int exit = jdoraRun("exit_when_nodes_finish: [sink]\nnodes:\n" + sourceAndRelay("")
                + node("sink", LifecycleNodes.Sink.class, "inputs:", "  in: relay/out", "env: {COUNT: 20}"));

        assertThat(exit).as(runErr).isZero();
        assertThat(log("sink")).anyMatch(line -> line.startsWith("received [")).noneMatch(l -> l.startsWith("stop"));
        assertThat(log("source")).endsWith("stop MANUAL");
        assertThat(log("relay")).endsWith("stop MANUAL");
    }
}
