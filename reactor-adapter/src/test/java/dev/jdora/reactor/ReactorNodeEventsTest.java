package dev.jdora.reactor;

import static dev.jdora.reactor.TestWiring.await;
import static dev.jdora.reactor.TestWiring.threadAlive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.StopCause;
import dev.jdora.core.dataflow.QueuePolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.apache.arrow.vector.UInt1Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@Timeout(60)
class ReactorNodeEventsTest {

    private static final Duration VERIFY = Duration.ofSeconds(20);

    @Test
    void demandIsReal() throws Exception {
        try (TestWiring w = TestWiring.create(QueuePolicy.BACKPRESSURE, 10)) {
            AtomicLong sent = new AtomicLong();
            Thread producer = new Thread(() -> {
                for (long i = 0; i < 1000; i++) {
                    w.write(i);
                    sent.incrementAndGet();
                }
                w.endSource();
            }, "producer");
            producer.setDaemon(true);
            producer.start();

            StepVerifier.create(w.reactor().events().map(TestWiring::valueOf), 0)
                    .expectSubscription()
                    .then(() -> awaitProducerBlockedAt(producer, sent, 10))
                    .thenRequest(5)
                    .expectNext(0L, 1L, 2L, 3L, 4L)
                    .then(() -> awaitProducerBlockedAt(producer, sent, 15))
                    .thenRequest(Long.MAX_VALUE)
                    .expectNextSequence(LongStream.range(5, 1000).boxed().toList())
                    .expectNext(new Event.InputClosed("in"), new Event.Stop(StopCause.ALL_INPUTS_CLOSED))
                    .expectComplete()
                    .verify(VERIFY);
            producer.join();
            assertThat(sent).hasValue(1000);
        }
    }

    /** The producer has sent exactly {@code count} messages and waits for the node to read: nothing was read. */
    private static void awaitProducerBlockedAt(Thread producer, AtomicLong sent, long count) {
        await("the producer is blocked after " + count + " messages",
                () -> sent.get() == count && producer.getState() == Thread.State.WAITING);
        assertThat(sent).hasValue(count);
    }

    @Test
    void stopIsTheLastEvent() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            w.write(1);
            w.write(2);
            w.context().deliver(new Event.Stop(StopCause.MANUAL));

            StepVerifier.create(w.reactor().events().map(TestWiring::valueOf))
                    .expectNext(new Event.Stop(StopCause.MANUAL))
                    .expectComplete()
                    .verify(VERIFY);
            assertThat(w.node().isEndOfStream()).isTrue();
            await("the event thread has ended", () -> !threadAlive("jdora-events-"));
        }
    }

    @Test
    void errorIsTheLastEventAndTheFluxCompletes() {
        try (FailingWiring w = new FailingWiring()) {
            StepVerifier.create(w.reactor().events())
                    .assertNext(e -> assertThat(e).isInstanceOfSatisfying(Event.Error.class,
                            error -> assertThat(error.message()).contains("node 'n'", "disk on fire")))
                    .expectComplete()
                    .verify(VERIFY);
        }
    }

    @Test
    void secondSubscriberGetsAClearError() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            Disposable first = w.reactor().events().subscribe();

            StepVerifier.create(w.reactor().events())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                            .hasMessage("node 'n': events() supports one subscriber; use share() or publish() to fan "
                                    + "out"))
                    .verify(VERIFY);
            first.dispose();
        }
    }

    @Test
    void filterMapSubscribe() {
        try (TestWiring w = TestWiring.create(QueuePolicy.BACKPRESSURE, 10)) {
            for (String s : List.of("a", "bb", "ccc", "dddd")) {
                w.write(s);
            }
            w.endSource();

            Flux<String> upper = w.reactor().events()
                    .filter(e -> e instanceof Event.Input in && in.id().equals("in"))
                    .map(e -> Data.string(((Event.Input) e).data()).toUpperCase())
                    .filter(s -> s.length() % 2 == 0);

            StepVerifier.create(upper).expectNext("BB", "DDDD").expectComplete().verify(VERIFY);
        }
    }

    @Test
    void slowSubscriberWithDropOldestKeepsMemoryBounded() throws Exception {
        int payload = 64 * 1024;
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            AtomicLong sent = new AtomicLong();
            Thread producer = new Thread(() -> {
                long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                try (UInt1Vector vector = Data.bytes(w.allocator(), new byte[payload])) {
                    while (System.nanoTime() - end < 0) {
                        w.writeVector(vector);
                        sent.incrementAndGet();
                    }
                }
                w.endSource();
            }, "producer");
            producer.setDaemon(true);
            producer.start();

            AtomicLong received = new AtomicLong();
            Flux<Event> ends = w.reactor().events()
                    .doOnNext(e -> {
                        if (e instanceof Event.Input) {
                            received.incrementAndGet();
                            LockSupport.parkNanos(1_000_000); // simulated work, 1 ms per event
                        }
                    })
                    .filter(e -> !(e instanceof Event.Input));
            StepVerifier.create(ends)
                    .expectNext(new Event.InputClosed("in"), new Event.Stop(StopCause.ALL_INPUTS_CLOSED))
                    .expectComplete()
                    .verify(Duration.ofSeconds(30));
            producer.join();

            long dropped = w.node().droppedCount("in");
            assertThat(dropped).isPositive();
            assertThat(received.get() + dropped).isEqualTo(sent.get());
            // queue_size 10 + one lent to onNext + the producer's vector and its copy, with Arrow's rounding: far
            // below what buffering the ~2 s of production would take.
            System.err.printf("slow subscriber: sent %d, received %d, dropped %d, peak %d bytes%n", sent.get(),
                    received.get(), dropped, w.allocator().getPeakMemoryAllocation());
            assertThat(w.allocator().getPeakMemoryAllocation()).isLessThan(40L * payload);
        }
    }

    @Test
    void cancelStopsTheReaderThread() {
        try (TestWiring w = TestWiring.create(QueuePolicy.BACKPRESSURE, 10)) {
            for (long i = 0; i < 5; i++) {
                w.write(i);
            }

            StepVerifier.create(w.reactor().events().map(TestWiring::valueOf).take(2))
                    .expectNext(0L, 1L)
                    .expectComplete()
                    .verify(VERIFY);

            await("the event thread has ended", () -> !threadAlive("jdora-events-"));
            assertThat(w.node().isEndOfStream()).as("cancel closes nothing else").isFalse();
            Event next = w.node().next(VERIFY).orElseThrow();
            assertThat(TestWiring.valueOf(next)).as("the next unread message is still there").isEqualTo(2L);
        }
    }

    @Test
    void cancelWhileParkedStopsTheReaderThread() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            AtomicReference<Thread> pump = new AtomicReference<>();
            StepVerifier.create(w.reactor().events(), 0)
                    .expectSubscription()
                    .then(() -> await("the event thread parks", () -> parkedEventThread(pump)))
                    .thenCancel()
                    .verify(VERIFY);

            await("the event thread has ended", () -> !pump.get().isAlive());
            assertThat(w.node().isEndOfStream()).isFalse();
        }
    }

    private static boolean parkedEventThread(AtomicReference<Thread> found) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("jdora-events-n") && t.getState() == Thread.State.WAITING)
                .peek(found::set)
                .findFirst()
                .isPresent();
    }

    @Test
    void closeCompletesASubscribedFlux() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            StepVerifier.create(w.reactor().events(), 0)
                    .expectSubscription()
                    .then(w.reactor()::close)
                    .expectComplete()
                    .verify(VERIFY);

            await("the event thread has ended", () -> !threadAlive("jdora-events-"));
            assertThat(w.node().isEndOfStream()).isTrue();
        }
    }

    @Test
    void closeFromWithinOnNextCompletesTheFlux() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            w.write(7);
            w.write(8);

            StepVerifier.create(w.reactor().events().map(TestWiring::valueOf).doOnNext(v -> w.reactor().close()))
                    .expectNext(7L)
                    .expectComplete()
                    .verify(VERIFY);
        }
    }
}
