package dev.jdora.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.Operator;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.Outputs;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** Reactive operators ({@code Function<Flux<Event>, Publisher<Output>>}) hosted by a runtime node, in-JVM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReactiveOperatorTest {

    static final Queue<Long> SEEN = new ConcurrentLinkedQueue<>();
    static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;

    /** Sends 0..COUNT-1 on out. */
    public static final class Source implements NodeMain {
        @Override
        public void run(Node node) {
            int count = Integer.parseInt(node.env().getOrDefault("COUNT", "100"));
            for (long i = 0; i < count; i++) {
                node.sendLongs("out", i);
            }
        }
    }

    /** Reactive: doubles every input. */
    public static final class Doubler implements Function<Flux<Event>, Publisher<Output>> {
        @Override
        public Publisher<Output> apply(Flux<Event> events) {
            return events.doOnNext(e -> EVENTS.add(e.getClass().getSimpleName()))
                    .ofType(Event.Input.class)
                    .map(in -> Output.of("doubled", Data.longs(2 * Data.toLongs(in.data())[0])));
        }
    }

    /** Plain operator: adds one, reading its sibling in memory. */
    public static final class PlusOne implements Operator {
        @Override
        public OperatorStatus onEvent(Event event, Outputs outputs) {
            if (event instanceof Event.Input in) {
                outputs.sendLongs("out", Data.toLongs(in.data())[0] + 1);
            }
            return OperatorStatus.CONTINUE;
        }
    }

    /** Records what reaches it. */
    public static final class Sink implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    SEEN.add(Data.toLongs(in.data())[0]);
                }
            }
        }
    }

    private RunResult run(String yaml) throws Exception {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, yaml);
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults()
                .withGrace(Duration.ofSeconds(5)).withLogDir(dir.resolve("out")).withConsole(false));
        return run.await(Duration.ofSeconds(30)).orElseThrow(() -> {
            run.kill();
            return new AssertionError("the run did not end in time");
        });
    }

    @Test
    void reactiveAndPlainOperatorsShareARuntimeNode() throws Exception {
        SEEN.clear();
        EVENTS.clear();
        RunResult result = run("nodes:\n"
                + "  - id: src\n    class: " + Source.class.getName() + "\n    outputs: [out]\n    env: {COUNT: 50}\n"
                + "  - id: rt\n    operators:\n"
                + "      - id: double\n        class: " + Doubler.class.getName() + "\n"
                + "        inputs: {x: {source: src/out, queue_policy: backpressure}}\n"
                + "        outputs: [doubled]\n"
                + "      - id: plus\n        class: " + PlusOne.class.getName() + "\n"
                + "        inputs: {x: {source: rt/double/doubled, queue_policy: backpressure}}\n"
                + "        outputs: [out]\n"
                + "  - id: sink\n    class: " + Sink.class.getName() + "\n"
                + "    inputs: {y: {source: rt/plus/out, queue_policy: backpressure}}\n");

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(List.copyOf(SEEN)).containsExactlyElementsOf(
                LongStream.range(0, 50).map(i -> 2 * i + 1).boxed().toList());
        assertThat(List.copyOf(EVENTS)).endsWith("InputClosed", "Stop"); // completes after Stop
    }

    /** Not a Function of Flux: rejected before the run starts. */
    public static final class NotReactive implements Function<String, String> {
        @Override
        public String apply(String s) {
            return s;
        }
    }

    @Test
    void aFunctionOfSomethingElseIsNotAnOperator() throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "nodes:\n  - id: rt\n    operators:\n      - id: op\n        class: "
                + NotReactive.class.getName() + "\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataflowRunner.start(Dataflow.load(file),
                        RunOptions.defaults().withLogDir(dir.resolve("out")).withConsole(false)))
                .hasMessageContaining("Function<Flux<Event>, Publisher<Output>>");
    }
}
