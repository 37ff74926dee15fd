package dev.jdora.runtime;

import static dev.jdora.runtime.RunFixture.finish;
import static dev.jdora.runtime.RunFixture.node;
import static dev.jdora.runtime.RunFixture.pollUntil;
import static dev.jdora.runtime.RunFixture.start;
import static dev.jdora.runtime.TestNodes.MARKS;
import static dev.jdora.runtime.TestNodes.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.runtime.LifecycleNodes.Numbers;
import dev.jdora.runtime.LifecycleNodes.Relay;
import dev.jdora.runtime.LifecycleNodes.Sink;
import dev.jdora.runtime.LifecycleNodes.SlowOperator;
import dev.jdora.runtime.TestNodes.Counter;
import dev.jdora.runtime.TestNodes.Recorder;
import dev.jdora.runtime.TestOperators.OpA;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run starts and ends, in-JVM (issue 10): the start barrier waits for every node to read, not just to open its
 * node; a node can stop the dataflow; {@code exit_when_nodes_finish}; a timer-only source ends with its readers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunLifecycleTest {

    /** Long enough for a 50 ms timer to tick several times if the barrier were open. */
    private static final Duration NO_TICK_WINDOW = Duration.ofMillis(500);

    /**
     * Inputs whose losses are not the point of a test are lossless: a busy machine may stall a cold JVM's first
     * messages (class loading) for longer than ten 50 ms ticks after the start.
     */
    private static final String LOSSLESS = "{source: %s, queue_policy: backpressure}";

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        TestNodes.reset();
        LifecycleNodes.SENT.set(0);
    }

    private static List<String> numbers(String input, long count) {
        return LongStream.range(0, count).mapToObj(i -> "Input(" + input + ")=" + i).toList();
    }

    private static String last(String nodeId) {
        List<String> events = seen(nodeId);
        return events.isEmpty() ? "(no event)" : events.get(events.size() - 1);
    }

    private static final String PIPELINE = node("source", Numbers.class, "inputs:", "  tick: dora/timer/millis/50",
            "outputs: [out]")
            + node("relay", Relay.class, "inputs:", "  in: " + LOSSLESS.formatted("source/out"), "outputs: [out]");
    private static final String SINK_INPUT = "  in: " + LOSSLESS.formatted("relay/out");

    @Test
    void theSinkGetsTheFirstValueWhenItIsSlowToReadAndItsStopAllStopsEveryNode() throws Exception {
        TestNodes.release = new CountDownLatch(1);
        DataflowRun run = start(dir, "nodes:\n" + PIPELINE
                + node("sink", Sink.class, "inputs:", SINK_INPUT, "env: {COUNT: 5, STOP_ALL: true}"),
                Duration.ofSeconds(5));
        assertThat(pollUntil(() -> MARKS.containsKey("sink.subscribed"), Duration.ofSeconds(10))).isTrue();

        // the sink has opened its node but does not read yet: the barrier that counted fromEnv() opened here
        assertThat(pollUntil(() -> LifecycleNodes.SENT.get() > 0, NO_TICK_WINDOW))
                .as("no tick before every node reads").isFalse();
        TestNodes.release.countDown();
        RunResult result = finish(run);

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(seen("sink").subList(0, 5)).containsExactlyElementsOf(numbers("in", 5));
        for (String node : List.of("source", "relay", "sink")) {
            assertThat(last(node)).as(node).isEqualTo("Stop(MANUAL)");
        }
    }

    @Test
    void anOperatorHostCountsOnceEveryOperatorIsLoadedAndReading() throws Exception {
        TestNodes.release = new CountDownLatch(1);
        DataflowRun run = start(dir, "nodes:\n"
                + node("source", Numbers.class, "inputs:", "  tick: dora/timer/millis/50", "outputs: [out]")
                + "  - id: host\n    operators:\n"
                + "      - id: fast\n        class: " + OpA.class.getName() + "\n        inputs: {in: "
                + LOSSLESS.formatted("source/out") + "}\n"
                + "      - id: slow\n        class: " + SlowOperator.class.getName() + "\n        inputs: {in: "
                + LOSSLESS.formatted("source/out") + "}\n",
                Duration.ofSeconds(5));

        assertThat(pollUntil(() -> LifecycleNodes.SENT.get() > 0, NO_TICK_WINDOW))
                .as("no tick while an operator is still loading").isFalse();
        TestNodes.release.countDown();
        assertThat(pollUntil(() -> seen("SlowOperator").size() >= 3, Duration.ofSeconds(10))).isTrue();
        run.stop();
        RunResult result = finish(run);

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(seen("SlowOperator").subList(0, 3)).containsExactlyElementsOf(numbers("in", 3));
        assertThat(seen("OpA").subList(0, 3)).containsExactlyElementsOf(numbers("in", 3));
    }

    @Test
    void exitWhenTheListedNodesFinishStopsEveryOtherNode() throws Exception {
        RunResult result = finish(start(dir, "exit_when_nodes_finish: [sink]\nnodes:\n" + PIPELINE
                + node("sink", Sink.class, "inputs:", SINK_INPUT, "env: {COUNT: 5}"), Duration.ofSeconds(5)));

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(seen("sink")).containsExactlyElementsOf(numbers("in", 5));
        assertThat(last("source")).isEqualTo("Stop(MANUAL)");
        assertThat(last("relay")).isEqualTo("Stop(MANUAL)");
    }

    @Test
    void exitWhenTrueStopsASourceThatNobodyReadsOnceEveryNodeWithDataInputsHasFinished() throws Exception {
        RunResult result = finish(start(dir, "exit_when_nodes_finish: true\nnodes:\n"
                + node("counter", Counter.class, "outputs: [out]", "env: {COUNT: 3}")
                + node("sink", Recorder.class, "inputs:", "  in: counter/out", "  tick: dora/timer/millis/10")
                + node("heartbeat", Recorder.class, "inputs:", "  tick: dora/timer/millis/10"),
                Duration.ofSeconds(5)));

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(last("sink")).isEqualTo("Stop(ALL_INPUTS_CLOSED)");
        assertThat(last("heartbeat")).isEqualTo("Stop(MANUAL)");
    }

    @Test
    void aTimerOnlySourceGetsItsTimersClosedOnceEveryReaderHasEnded() throws Exception {
        RunResult result = finish(start(dir, "nodes:\n"
                + node("source", Numbers.class, "inputs:", "  fast: dora/timer/millis/10", "  slow: dora/timer/secs/60",
                        "outputs: [out]")
                + node("sink", Sink.class, "inputs:", "  in: " + LOSSLESS.formatted("source/out"), "env: {COUNT: 5}"),
                Duration.ofSeconds(5)));

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(seen("sink")).containsExactlyElementsOf(numbers("in", 5));
        List<String> source = seen("source");
        assertThat(source.subList(source.size() - 3, source.size())).containsExactlyInAnyOrder("InputClosed(fast)",
                "InputClosed(slow)", "Stop(ALL_INPUTS_CLOSED)");
        assertThat(last("source")).isEqualTo("Stop(ALL_INPUTS_CLOSED)");
    }
}
