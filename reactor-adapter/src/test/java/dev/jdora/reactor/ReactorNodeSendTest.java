package dev.jdora.reactor;

import static dev.jdora.reactor.TestWiring.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.StopCause;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

@Timeout(60)
class ReactorNodeSendTest {

    private static final Duration VERIFY = Duration.ofSeconds(20);

    @Test
    void sendPublisher() throws Exception {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            InputReader reader = w.subscribeToOutput(4, QueuePolicy.BACKPRESSURE);

            CompletableFuture<Void> done = w.reactor()
                    .send("out", Flux.range(0, 100).map(i -> Data.longs(w.allocator(), i)))
                    .toFuture(); // returns at once although the reader's queue holds only 4

            assertThat(w.drain(reader, 100)).containsExactlyElementsOf(LongStream.range(0, 100).boxed().toList());
            done.get(VERIFY.toSeconds(), TimeUnit.SECONDS);
            reader.close();
        }
    }

    @Test
    void sendFromANonBlockingThreadDoesNotBlockIt() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            InputReader reader = w.subscribeToOutput(1, QueuePolicy.BACKPRESSURE);
            AtomicLong built = new AtomicLong();
            Flux<ValueVector> data = Flux.range(0, 20)
                    .map(i -> (ValueVector) Data.longs(w.allocator(), i))
                    .doOnNext(v -> built.incrementAndGet())
                    .subscribeOn(Schedulers.parallel());

            StepVerifier.create(w.reactor().send("out", data))
                    .then(() -> await("a jdora-send thread, not a parallel one, blocks on the full queue",
                            () -> built.get() >= 2 && waiting("jdora-send-n")))
                    .then(() -> assertThat(built.get()).as("demand is bounded while send blocks")
                            .isLessThanOrEqualTo(3))
                    .then(() -> assertThat(w.drain(reader, 20)).hasSize(20))
                    .expectComplete()
                    .verify(VERIFY);
            reader.close();
        }
    }

    /** True if a thread named {@code threadNamePrefix*} waits in the transport for a backpressure queue. */
    private static boolean waiting(String threadNamePrefix) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith(threadNamePrefix))
                .flatMap(e -> Arrays.stream(e.getValue()))
                .anyMatch(f -> f.getClassName().endsWith("InJvmReader") && f.getMethodName().equals("offer"));
    }

    @Test
    void sendAllCarriesParametersPerMessage() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            InputReader reader = w.subscribeToOutput(10, QueuePolicy.BACKPRESSURE);

            StepVerifier.create(w.reactor().sendAll(Flux.range(0, 3)
                            .map(i -> Output.of("out", Data.longs(w.allocator(), i), Map.of("index", i)))))
                    .expectComplete()
                    .verify(VERIFY);

            for (long i = 0; i < 3; i++) {
                var received = reader.poll(w.allocator());
                assertThat(received).isNotNull();
                try (ValueVector data = received.data()) {
                    assertThat(Data.toLongs(data)).containsExactly(i);
                    assertThat(received.metadata().parameter("index", Long.class)).contains(i);
                }
            }
            reader.close();
        }
    }

    @Test
    void undeclaredOutputFailsAndReleasesTheData() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            StepVerifier.create(w.reactor().send("nope", Flux.range(0, 10).map(i -> Data.longs(w.allocator(), i))))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("node 'n'").hasMessageContaining("'nope'"))
                    .verify(VERIFY);
            // TestWiring.close() checks that every vector was closed
        }
    }

    @Test
    void upstreamErrorPropagatesAfterWhatCameBefore() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            InputReader reader = w.subscribeToOutput(10, QueuePolicy.BACKPRESSURE);
            Flux<ValueVector> data = Flux.concat(
                    Flux.range(0, 3).map(i -> Data.longs(w.allocator(), i)),
                    Flux.error(new IllegalStateException("camera unplugged")));

            StepVerifier.create(w.reactor().send("out", data))
                    .expectErrorMessage("camera unplugged")
                    .verify(VERIFY);
            assertThat(w.drain(reader, 3)).containsExactly(0L, 1L, 2L);
            reader.close();
        }
    }

    @Test
    void cancellingABlockedSendInterruptsItQuietlyAndReleasesEverything() {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            InputReader reader = w.subscribeToOutput(1, QueuePolicy.BACKPRESSURE);
            Disposable sending = w.reactor()
                    .send("out", Flux.range(0, 100).map(i -> Data.longs(w.allocator(), i)))
                    .subscribe();

            await("the send is blocked by the full backpressure queue", () -> waiting("jdora-send-n"));
            sending.dispose();
            await("the cancel interrupted the blocked send", () -> !waiting("jdora-send-n"));
            reader.close();
            // TestWiring.close() waits for the send threads to end and checks that every vector was closed
        } finally {
            Hooks.resetOnErrorDropped();
        }
        assertThat(dropped).as("errors dropped after cancel").isEmpty();
    }

    @Test
    void echoThroughEventsAndSend() {
        try (TestWiring w = TestWiring.create(QueuePolicy.BACKPRESSURE, 10)) {
            InputReader reader = w.subscribeToOutput(100, QueuePolicy.BACKPRESSURE);
            for (long i = 0; i < 5; i++) {
                w.write(i);
            }
            w.endSource();

            ReactorNode node = w.reactor();
            StepVerifier.create(node.send("out", node.events()
                            .ofType(Event.Input.class)
                            .map(Event.Input::takeData)))
                    .expectComplete()
                    .verify(VERIFY);

            assertThat(w.drain(reader, 5)).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(w.node().isEndOfStream()).isTrue();
            reader.close();
        }
    }

    @Test
    void stopEndsAnEchoEvenWithInputsOpen() {
        try (TestWiring w = TestWiring.create(QueuePolicy.BACKPRESSURE, 10)) {
            InputReader reader = w.subscribeToOutput(100, QueuePolicy.BACKPRESSURE);
            w.context().deliver(new Event.Stop(StopCause.MANUAL));

            StepVerifier.create(w.reactor().send("out", w.reactor().events()
                            .ofType(Event.Input.class)
                            .map(Event.Input::takeData)))
                    .expectComplete()
                    .verify(VERIFY);
            assertThat(reader.oldestArrivalNanos()).isEqualTo(InputReader.NO_MESSAGE);
            reader.close();
        }
    }
}
