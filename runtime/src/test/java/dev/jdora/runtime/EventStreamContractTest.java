package dev.jdora.runtime;

import static dev.jdora.runtime.RunFixture.finish;
import static dev.jdora.runtime.RunFixture.node;
import static dev.jdora.runtime.RunFixture.pollUntil;
import static dev.jdora.runtime.RunFixture.run;
import static dev.jdora.runtime.RunFixture.start;
import static dev.jdora.runtime.TestNodes.MARKS;
import static dev.jdora.runtime.TestNodes.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.runtime.TestNodes.Counter;
import dev.jdora.runtime.TestNodes.Crasher;
import dev.jdora.runtime.TestNodes.Deaf;
import dev.jdora.runtime.TestNodes.Holder;
import dev.jdora.runtime.TestNodes.LateSubscriber;
import dev.jdora.runtime.TestNodes.Recorder;
import dev.jdora.runtime.TestNodes.Stubborn;
import dev.jdora.runtime.TestNodes.TickCounter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One test per rule of the event stream contract (DESIGN.md section 2), through real in-JVM runs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventStreamContractTest {

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        TestNodes.reset();
    }

    private static List<String> numbers(String input, long count) {
        return LongStream.range(0, count).mapToObj(i -> "Input(" + input + ")=" + i).toList();
    }

    // Rule 1
    @Test
    void eventsOfOneInputArriveInSendOrderAndInputClosedComesLast() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 500}")
                + node("sink", Recorder.class, "inputs:", "  a: {source: a/out, queue_policy: backpressure}"));

        assertThat(result.succeeded()).isTrue();
        List<String> expected = new ArrayList<>(numbers("a", 500));
        expected.add("InputClosed(a)");
        expected.add("Stop(ALL_INPUTS_CLOSED)");
        assertThat(seen("sink")).containsExactlyElementsOf(expected);
    }

    // Rule 1: across inputs, no input is starved
    @Test
    void noInputIsStarved() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 300}")
                + node("b", Counter.class, "outputs: [out]", "env: {COUNT: 300}")
                + node("sink", Recorder.class, "inputs:",
                        "  a: {source: a/out, queue_policy: backpressure}",
                        "  b: {source: b/out, queue_policy: backpressure}"));

        assertThat(result.succeeded()).isTrue();
        List<String> events = seen("sink");
        assertThat(events.stream().filter(e -> e.startsWith("Input(a)")).toList()).isEqualTo(numbers("a", 300));
        assertThat(events.stream().filter(e -> e.startsWith("Input(b)")).toList()).isEqualTo(numbers("b", 300));
        assertThat(events.indexOf("InputClosed(a)")).isGreaterThan(events.lastIndexOf("Input(a)=299"));
        assertThat(events.indexOf("InputClosed(b)")).isGreaterThan(events.lastIndexOf("Input(b)=299"));
        assertThat(events.get(events.size() - 1)).isEqualTo("Stop(ALL_INPUTS_CLOSED)");
    }

    // Rule 2
    @Test
    void stopIsTheLastEvent() throws Exception {
        DataflowRun run = start(dir, "nodes:\n"
                + node("ticker", Recorder.class, "inputs:", "  tick: dora/timer/millis/5"), Duration.ofSeconds(5));
        assertThat(pollUntil(() -> seen("ticker").size() >= 3, Duration.ofSeconds(10))).isTrue();
        run.stop();
        RunResult result = finish(run);

        assertThat(result.succeeded()).isTrue();
        List<String> events = seen("ticker");
        assertThat(events.get(events.size() - 1)).isEqualTo("Stop(MANUAL)");
        assertThat(events.stream().filter(e -> e.startsWith("Stop"))).hasSize(1);
    }

    // Rule 3: Stop(ALL_INPUTS_CLOSED) when every input from a node is closed; timer inputs never close
    @Test
    void stopAllInputsClosedComesWhenEveryDataInputIsClosedAndTimersNeverClose() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 3}")
                + node("both", Recorder.class, "inputs:", "  a: a/out", "  tick: dora/timer/millis/10"));

        assertThat(result.succeeded()).isTrue();
        List<String> events = seen("both");
        assertThat(events).contains("InputClosed(a)").doesNotContain("InputClosed(tick)");
        assertThat(events.get(events.size() - 1)).isEqualTo("Stop(ALL_INPUTS_CLOSED)");
    }

    // Rule 3: a node fed only by timers stops only on Stop(MANUAL)
    @Test
    void aNodeFedOnlyByTimersStopsOnlyOnStopManual() throws Exception {
        DataflowRun run = start(dir, "nodes:\n" + node("ticks", Recorder.class, "inputs:",
                "  tick: dora/timer/millis/5"), Duration.ofSeconds(5));
        assertThat(pollUntil(() -> seen("ticks").size() >= 10, Duration.ofSeconds(10))).isTrue();
        assertThat(seen("ticks")).allMatch(e -> e.equals("Input(tick)=tick"));
        run.stop();
        finish(run);
        assertThat(seen("ticks").get(seen("ticks").size() - 1)).isEqualTo("Stop(MANUAL)");
    }

    // Rule 3: a node without inputs gets only Stop(MANUAL)
    @Test
    void aNodeWithoutInputsGetsOnlyStopManual() throws Exception {
        DataflowRun run = start(dir, "nodes:\n" + node("lonely", Recorder.class), Duration.ofSeconds(5));
        assertThat(pollUntil(() -> MARKS.containsKey("lonely.subscribed"), Duration.ofSeconds(10))).isTrue();
        run.stop();
        finish(run);
        assertThat(seen("lonely")).containsExactly("Stop(MANUAL)");
    }

    // Rule 4
    @Test
    void startBarrierHoldsUntilEveryNodeSubscribed() throws Exception {
        TestNodes.release = new CountDownLatch(1);
        DataflowRun run = start(dir, "nodes:\n"
                + node("counter", Counter.class, "outputs: [out]", "env: {COUNT: 3}")
                + node("early", TickCounter.class, "inputs:", "  tick: dora/timer/millis/1", "  n: counter/out",
                        "env: {TICKS: 3}")
                + node("late", LateSubscriber.class), Duration.ofSeconds(5));

        // the counter's data is queued for 'early' at once; a broken barrier would deliver it right away
        assertThat(pollUntil(() -> !seen("early").isEmpty(), Duration.ofMillis(300)))
                .as("no event before every node subscribed").isFalse();
        TestNodes.release.countDown();
        assertThat(pollUntil(() -> seen("early").size() >= 3, Duration.ofSeconds(10))).isTrue();
        run.stop();
        finish(run);
        assertThat(MARKS.get("late.subscribing")).isLessThan(MARKS.get("early.firstEvent"));
    }

    // Rule 4 with rule 3: a Stop before every node has subscribed still reaches the nodes waiting at the barrier
    @Test
    void stopBeforeTheStartBarrierOpensStillStopsEveryNode() throws Exception {
        TestNodes.release = new CountDownLatch(1);
        DataflowRun run = start(dir, "nodes:\n"
                + node("waiter", Recorder.class, "inputs:", "  tick: dora/timer/millis/5")
                + node("late", LateSubscriber.class), Duration.ofSeconds(20));
        assertThat(pollUntil(() -> MARKS.containsKey("waiter.subscribed"), Duration.ofSeconds(10))).isTrue();
        run.stop();
        assertThat(pollUntil(() -> seen("waiter").contains("Stop(MANUAL)"), Duration.ofSeconds(10))).isTrue();
        TestNodes.release.countDown();
        RunResult result = finish(run);

        assertThat(seen("waiter")).containsExactly("Stop(MANUAL)");
        assertThat(result.succeeded()).isTrue();
    }

    // Rule 5: one slow backpressure reader of a timer does not hold back another node's ticks of the same timer
    @Test
    void aSlowBackpressureTimerReaderDoesNotStarveAnotherReader() throws Exception {
        TestNodes.release = new CountDownLatch(1);
        DataflowRun run = start(dir, "nodes:\n"
                + node("slow", Holder.class, "inputs:", "  tick: {source: dora/timer/millis/2, queue_size: 1, "
                        + "queue_policy: backpressure}")
                + node("fast", Recorder.class, "inputs:", "  tick: dora/timer/millis/2"), Duration.ofSeconds(5));
        // the slow reader holds its first tick until released: had it held the timer back, 'fast' would starve
        assertThat(pollUntil(() -> seen("fast").size() >= 50, Duration.ofSeconds(20))).isTrue();
        assertThat(seen("slow")).hasSize(1);
        TestNodes.release.countDown();
        run.stop();
        finish(run);
    }

    // Rule 5: drop_oldest
    @Test
    void dropOldestDropsTheOldestAndCountsEveryDrop() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 2000}")
                + node("slow", Recorder.class, "inputs:", "  a: {source: a/out, queue_size: 2}",
                        "env: {DELAY_MICROS: 200}"));

        long received = seen("slow").stream().filter(e -> e.startsWith("Input(a)")).count();
        long dropped = result.nodes().get(1).dropped().getOrDefault("a", 0L);
        assertThat(dropped).isPositive();
        assertThat(received + dropped).isEqualTo(2000);
        assertThat(seen("slow")).contains("Input(a)=1999");
        List<Long> values = seen("slow").stream().filter(e -> e.startsWith("Input(a)"))
                .map(e -> Long.parseLong(e.substring(e.indexOf('=') + 1))).toList();
        assertThat(values).isSorted();
    }

    // Rule 5: backpressure
    @Test
    void backpressureLosesNothing() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 2000}")
                + node("slow", Recorder.class, "inputs:", "  a: {source: a/out, queue_size: 2, "
                        + "queue_policy: backpressure}", "env: {DELAY_MICROS: 50}"));

        assertThat(result.nodes().get(1).dropped()).isEmpty();
        assertThat(seen("slow").subList(0, 2000)).isEqualTo(numbers("a", 2000));
    }

    // Rule 5: input_timeout
    @Test
    void inputTimeoutClosesAnInputThatIsSilentForTooLong() throws Exception {
        TestNodes.release = new CountDownLatch(1);
        DataflowRun run = start(dir, "nodes:\n"
                + node("silent", Deaf.class, "outputs: [out]")
                + node("waiter", Recorder.class, "inputs:", "  quiet: {source: silent/out, input_timeout: 0.2}"),
                Duration.ofSeconds(5));
        assertThat(pollUntil(() -> seen("waiter").contains("Stop(ALL_INPUTS_CLOSED)"), Duration.ofSeconds(10)))
                .isTrue();
        assertThat(seen("waiter")).containsExactly("InputClosed(quiet)", "Stop(ALL_INPUTS_CLOSED)");
        TestNodes.release.countDown();
        run.stop();
        finish(run);
    }

    // Rule 7
    @Test
    void graceLadderInterruptsANodeThatIgnoresStopAndReportsItFailed() throws Exception {
        DataflowRun run = start(dir, "nodes:\n" + node("stubborn", Stubborn.class), Duration.ofMillis(200));
        assertThat(pollUntil(() -> MARKS.containsKey("stubborn.subscribed"), Duration.ofSeconds(10))).isTrue();
        run.stop();
        RunResult result = finish(run);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.nodes().get(0).error()).hasValueSatisfying(e ->
                assertThat(e).contains("did not stop within the grace period"));
    }

    // Rule 7: a node that ignores interrupts too is given up on after grace/2 more
    @Test
    void graceLadderGivesUpOnANodeThatIgnoresInterrupts() throws Exception {
        TestNodes.release = new CountDownLatch(1);
        try {
            DataflowRun run = start(dir, "nodes:\n" + node("deaf", Deaf.class), Duration.ofMillis(200));
            run.stop();
            RunResult result = run.await(RunFixture.DEADLINE).orElseThrow();
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.nodes().get(0).error()).hasValueSatisfying(e -> assertThat(e).contains("grace"));
        } finally {
            TestNodes.release.countDown();
        }
        RunFixture.assertNoThreadLeft("jdora-node-");
    }

    // Rule 8
    @Test
    void aFailedNodeGivesNodeFailedThenInputClosedDownstream() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("crasher", Crasher.class, "outputs: [out]", "env: {COUNT: 3}")
                + node("sink", Recorder.class, "inputs:", "  x: {source: crasher/out, queue_policy: backpressure}",
                        "  y: {source: crasher/out, queue_policy: backpressure}"));

        assertThat(result.exitCode()).isEqualTo(1);
        NodeResult crasher = result.nodes().get(0);
        assertThat(crasher.error()).hasValueSatisfying(e -> assertThat(e).contains("boom"));
        assertThat(crasher.lastLogLines()).contains("about to fail after 3 messages");
        List<String> events = seen("sink");
        int failed = events.indexOf("NodeFailed(crasher,[x, y])");
        assertThat(failed).isGreaterThanOrEqualTo(0);
        assertThat(events.indexOf("InputClosed(x)")).isGreaterThan(failed);
        assertThat(events.indexOf("InputClosed(y)")).isGreaterThan(failed);
        assertThat(events.stream().filter(e -> e.startsWith("NodeFailed"))).hasSize(1);
        assertThat(events.get(events.size() - 1)).isEqualTo("Stop(ALL_INPUTS_CLOSED)");
        assertThat(result.nodes().get(1).failed()).isFalse();
    }

    // Reload reaches plain nodes too, which may reload their configuration
    @Test
    void reloadReachesAPlainNode() throws Exception {
        DataflowRun run = start(dir, "nodes:\n" + node("plain", Recorder.class, "inputs:",
                "  tick: dora/timer/millis/5"), Duration.ofSeconds(5));
        assertThat(pollUntil(() -> !seen("plain").isEmpty(), Duration.ofSeconds(10))).isTrue();
        run.reload("plain", java.util.Optional.empty());
        assertThat(pollUntil(() -> seen("plain").contains("Reload"), Duration.ofSeconds(10))).isTrue();
        run.stop();
        RunResult result = finish(run);
        assertThat(result.succeeded()).isTrue();
        assertThat(seen("plain").get(seen("plain").size() - 1)).isEqualTo("Stop(MANUAL)");
    }

    // Rule 9
    @Test
    void eventsANodeDoesNotHandleAreIgnorable() throws Exception {
        DataflowRun run = start(dir, "nodes:\n"
                + node("ticker", TickCounter.class, "inputs:", "  tick: dora/timer/millis/5", "env: {TICKS: 5}"),
                Duration.ofSeconds(5));
        RunResult result = finish(run);
        assertThat(result.succeeded()).isTrue();
        assertThat(seen("ticker")).hasSize(5);
    }
}
