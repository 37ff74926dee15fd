package dev.jdora.runtime;

import static dev.jdora.runtime.RunFixture.node;
import static dev.jdora.runtime.RunFixture.run;
import static dev.jdora.runtime.TestNodes.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.Operator;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.Outputs;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dora 1.0's YAML in a run with nodes as threads: timers in micro- and nanoseconds, the top-level {@code env},
 * {@code send_stdout_as} and typed outputs checked at send. (The same across processes: the CLI's
 * {@code DoraYamlProcessTest}.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoraYamlRunTest {

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        TestNodes.reset();
    }

    @Test
    void microsAndNanosTimersTick() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("micros", TestNodes.TickCounter.class, "inputs: {tick: dora/timer/micros/500}",
                        "env: {TICKS: 20}")
                + node("nanos", TestNodes.TickCounter.class, "inputs: {tick: dora/timer/nanos/200000}",
                        "env: {TICKS: 20}"));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(seen("micros")).containsExactlyElementsOf(Collections.nCopies(20, "Input(tick)=tick"));
        assertThat(seen("nanos")).containsExactlyElementsOf(Collections.nCopies(20, "Input(tick)=tick"));
    }

    @Test
    void whatANodePrintsReachesItsReadersAndTheTopLevelEnvReachesTheNode() throws Exception {
        RunResult result = run(dir, "env: {GREETING: hello, NAME: global}\nnodes:\n"
                + node("printer", Printer.class, "env: {NAME: own}", "send_stdout_as: printed",
                        "outputs: [printed, other]")
                + node("sink", LineRecorder.class, "inputs:", "  lines: {source: printer/printed, queue_size: 100}"));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(seen("sink")).containsExactly("GREETING=hello", "NAME=own", "to stderr too",
                "refused: node 'printer': output 'printed' carries what this node prints (send_stdout_as): the"
                        + " runtime sends on it, the node cannot; print to it, or declare another output",
                "InputClosed(lines)", "Stop(ALL_INPUTS_CLOSED)");
    }

    @Test
    void whatARuntimeNodePrintsGoesToTheOutputOfItsOperatorThatNamesIt() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("numbers", TestNodes.Counter.class, "outputs: [out]", "env: {COUNT: 3}")
                + "  - id: rt\n    operator:\n      class: " + PrintingOperator.class.getName() + "\n"
                + "      inputs: {n: {source: numbers/out, queue_policy: backpressure}}\n"
                + "      send_stdout_as: printed\n      outputs: [printed]\n"
                + node("sink", LineRecorder.class, "inputs:", "  lines: {source: rt/printed, queue_size: 100}"));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(seen("sink")).containsExactly("got 0", "got 1", "got 2", "InputClosed(lines)",
                "Stop(ALL_INPUTS_CLOSED)");
    }

    @Test
    void aSendOfAnotherTypeThanDeclaredFailsTheNodeNamingOutputAndTypes() throws Exception {
        RunResult result = run(dir, "nodes:\n"
                + node("sensor", WrongType.class, "outputs: [count]", "output_types: {count: std/core/v1/Int64}")
                + node("sink", TestNodes.Recorder.class, "inputs: {count: sensor/count}",
                        "input_types: {count: std/core/v1/Int64}"));

        assertThat(result.failures()).extracting(NodeResult::nodeId).containsExactly("sensor");
        assertThat(result.failures().get(0).error().orElseThrow()).contains("node 'sensor': output 'count' is"
                + " declared std/core/v1/Int64 in output_types, but the data sent is Arrow Utf8 (VarCharVector):"
                + " nothing was sent");
        assertThat(seen("sink")).containsExactly("Input(count)=7", "NodeFailed(sensor,[count])",
                "InputClosed(count)", "Stop(ALL_INPUTS_CLOSED)");
    }

    /** Prints its environment (a line to stderr too), and tries to send on the output its printing goes to. */
    public static final class Printer implements NodeMain {
        @Override
        public void run(Node node) {
            System.out.println("GREETING=" + node.env().get("GREETING"));
            System.out.print("NAME=" + node.env().get("NAME") + "\r\n");
            System.err.println("to stderr too");
            try {
                node.sendString("printed", "sent");
            } catch (IllegalArgumentException e) {
                System.out.print("refused: " + e.getMessage()); // the last line, without its line end
            }
        }
    }

    /** Records the text of every input (one-element string arrays), and the other events. */
    public static final class LineRecorder implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                TestNodes.SEEN.computeIfAbsent(node.id(), k -> new CopyOnWriteArrayList<>())
                        .add(event instanceof Event.Input in ? String.join("|", Data.strings(in.data()))
                                : TestNodes.describe(event));
            }
        }
    }

    /** Prints each number it receives (from its own thread, which the runtime node started). */
    public static final class PrintingOperator implements Operator {
        @Override
        public OperatorStatus onEvent(Event event, Outputs outputs) {
            if (event instanceof Event.Input in) {
                System.out.println("got " + Data.toLongs(in.data())[0]);
            }
            return OperatorStatus.CONTINUE;
        }
    }

    /** Sends a number as it declared, then text on the same output. */
    public static final class WrongType implements NodeMain {
        @Override
        public void run(Node node) {
            node.sendLongs("count", 7);
            node.sendString("count", "eight");
        }
    }
}
