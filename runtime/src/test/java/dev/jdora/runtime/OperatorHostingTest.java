package dev.jdora.runtime;

import static dev.jdora.runtime.RunFixture.finish;
import static dev.jdora.runtime.RunFixture.node;
import static dev.jdora.runtime.RunFixture.run;
import static dev.jdora.runtime.RunFixture.start;
import static dev.jdora.runtime.TestNodes.seen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.runtime.TestNodes.Counter;
import dev.jdora.runtime.TestNodes.Recorder;
import dev.jdora.runtime.TestOperators.NotAnOperator;
import dev.jdora.runtime.TestOperators.OpA;
import dev.jdora.runtime.TestOperators.OpB;
import dev.jdora.runtime.TestOperators.StopAfterThree;
import dev.jdora.runtime.TestOperators.StopAllOnSecond;
import dev.jdora.runtime.TestOperators.Thrower;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runtime nodes hosting operators, in-JVM: routing, STOP, STOP_ALL, in-memory handoff, resolution errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperatorHostingTest {

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        TestNodes.reset();
    }

    private static String operator(String id, Class<?> type, String... extra) {
        StringBuilder sb = new StringBuilder("      - id: " + id + "\n        class: " + type.getName() + "\n");
        for (String line : extra) {
            sb.append("        ").append(line).append('\n');
        }
        return sb.toString();
    }

    private static List<String> numbers(String input, long count) {
        return LongStream.range(0, count).mapToObj(i -> "Input(" + input + ")=" + i).toList();
    }

    private static List<String> closedAfter(String input, long count) {
        List<String> expected = new ArrayList<>(numbers(input, count));
        expected.add("InputClosed(" + input + ")");
        expected.add("Stop(ALL_INPUTS_CLOSED)");
        return expected;
    }

    @Test
    void severalOperatorsInOneNodeEachReceiveOnlyTheirInputs() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 5}")
                + node("b", Counter.class, "outputs: [out]", "env: {COUNT: 3}")
                + "  - id: rt\n    operators:\n"
                + operator("first", OpA.class, "inputs: {x: {source: a/out, queue_policy: backpressure}}",
                        "outputs: [out]")
                + operator("second", OpB.class, "inputs: {y: {source: b/out, queue_policy: backpressure}}",
                        "outputs: [out]")
                + node("sink", Recorder.class, "inputs:",
                        "  fa: {source: rt/first/out, queue_policy: backpressure}",
                        "  fb: {source: rt/second/out, queue_policy: backpressure}"));

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(seen("OpA")).containsExactlyElementsOf(closedAfter("x", 5));
        assertThat(seen("OpB")).containsExactlyElementsOf(closedAfter("y", 3));
        assertThat(seen("sink").stream().filter(e -> e.startsWith("Input(fa)")).toList())
                .isEqualTo(numbers("fa", 5));
        assertThat(seen("sink").stream().filter(e -> e.startsWith("Input(fb)")).toList())
                .isEqualTo(numbers("fb", 3));
        assertThat(seen("sink")).contains("InputClosed(fa)", "InputClosed(fb)").last()
                .isEqualTo("Stop(ALL_INPUTS_CLOSED)");
    }

    @Test
    void theSingleOperatorFormIsReadAsNodeSlashOutput() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 4}")
                + "  - id: rt\n    operator:\n      class: " + OpA.class.getName() + "\n"
                + "      inputs: {x: {source: a/out, queue_policy: backpressure}}\n      outputs: [out]\n"
                + node("sink", Recorder.class, "inputs:", "  v: {source: rt/out, queue_policy: backpressure}"));

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(seen("sink")).containsExactlyElementsOf(closedAfter("v", 4));
    }

    @Test
    void stopFinishesTheOperatorAndClosesItsOutputsWhileTheOthersGoOn() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 10}")
                + "  - id: rt\n    operators:\n"
                + operator("quitter", StopAfterThree.class,
                        "inputs: {x: {source: a/out, queue_policy: backpressure}}", "outputs: [out]")
                + operator("stayer", OpA.class, "inputs: {x: {source: a/out, queue_policy: backpressure}}",
                        "outputs: [out]")
                + node("sink", Recorder.class, "inputs:",
                        "  q: {source: rt/quitter/out, queue_policy: backpressure}",
                        "  s: {source: rt/stayer/out, queue_policy: backpressure}"));

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(seen("StopAfterThree")).containsExactlyElementsOf(numbers("x", 3));
        assertThat(seen("OpA")).containsExactlyElementsOf(closedAfter("x", 10));
        List<String> sink = seen("sink");
        assertThat(sink.stream().filter(e -> e.startsWith("Input(q)")).toList()).isEqualTo(numbers("q", 3));
        assertThat(sink.stream().filter(e -> e.startsWith("Input(s)")).toList()).isEqualTo(numbers("s", 10));
        assertThat(sink.indexOf("InputClosed(q)")).isGreaterThan(sink.indexOf("Input(q)=2"));
    }

    @Test
    void stopAllStopsEveryNodeWithStopManual() throws Exception {
        DataflowRun run = start(dir, "nodes:\n"
                + "  - id: rt\n    operators:\n"
                + operator("stopper", StopAllOnSecond.class, "inputs: {tick: dora/timer/millis/10}")
                + node("plain", Recorder.class, "inputs:", "  tick: dora/timer/millis/10"), Duration.ofSeconds(5));
        RunResult result = finish(run);

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(seen("plain")).last().isEqualTo("Stop(MANUAL)");
        assertThat(seen("StopAllOnSecond")).last().isEqualTo("Stop(MANUAL)");
    }

    @Test
    void operatorsOfOneNodeFeedEachOtherInMemoryInOrder() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 2000}")
                + "  - id: rt\n    operators:\n"
                + operator("first", OpA.class, "inputs: {x: {source: a/out, queue_policy: backpressure}}",
                        "outputs: [out]")
                + operator("second", OpB.class,
                        "inputs: {y: {source: rt/first/out, queue_policy: backpressure, queue_size: 2}}",
                        "outputs: [out]")
                + node("sink", Recorder.class, "inputs:",
                        "  v: {source: rt/second/out, queue_policy: backpressure}"));

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(seen("OpA")).containsExactlyElementsOf(closedAfter("x", 2000));
        assertThat(seen("OpB")).containsExactlyElementsOf(closedAfter("y", 2000));
        assertThat(seen("sink")).containsExactlyElementsOf(closedAfter("v", 2000));
    }

    @Test
    void anOperatorThatThrowsFailsItsNode() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("a", Counter.class, "outputs: [out]", "env: {COUNT: 3}")
                + "  - id: rt\n    operators:\n"
                + operator("bad", Thrower.class, "inputs: {x: a/out}", "outputs: [out]")
                + node("sink", Recorder.class, "inputs:", "  v: rt/bad/out"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failures()).extracting(NodeResult::nodeId).containsExactly("rt");
        assertThat(result.failures().get(0).error()).hasValueSatisfying(e -> assertThat(e)
                .contains("operator 'bad'").contains("boom"));
        assertThat(seen("sink")).startsWith("NodeFailed(rt,[v])");
    }

    @Test
    void operatorClassesAreCheckedBeforeAnythingStarts() throws Exception {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, "nodes:\n"
                + "  - id: rt\n    operators:\n"
                + operator("missing", OpA.class, "inputs: {tick: dora/timer/millis/10}").replace("OpA", "Nope")
                + operator("wrong", NotAnOperator.class, "inputs: {tick: dora/timer/millis/10}"));

        assertThatThrownBy(() -> DataflowRunner.start(dev.jdora.core.dataflow.Dataflow.load(file),
                RunOptions.defaults().withLogDir(dir.resolve("out")).withConsole(false)))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("dataflow.yml:4:")
                .hasMessageContaining("node 'rt': operator 'missing': class: cannot find class")
                .hasMessageContaining("node 'rt': operator 'wrong': class: class '" + NotAnOperator.class.getName()
                        + "' does not implement dev.jdora.core.Operator");
    }
}
