package dev.jdora.shm;

import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.shm.ShmFixture.metadata;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.UInt1Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A writer keeps the room its {@code backpressure} readers have between scans of the channel header; a reader that
 * starts to count later (here: the first lossless one, after a thousand messages no reader held back) must hold the
 * writer back at once, not once the kept room runs out.
 */
class ShmLateReaderTest {

    private static final int QUEUE = 3;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBackpressureReaderThatAttachesLateHoldsTheWriterBackAtOnce() throws Exception {
        try (ShmFixture f = new ShmFixture(Map.of())) {
            f.daemon.declare(CHANNEL, List.of(subscriber("sink/in", 4, QueuePolicy.DROP_OLDEST)));
            try (Transport node = f.attach()) {
                InputReader early = node.subscribe(CHANNEL, "sink/in", new InputOptions(4, QueuePolicy.DROP_OLDEST),
                        () -> { });
                try (OutputWriter writer = node.createOutput(CHANNEL);
                     UInt1Vector payload = Data.bytes(f.allocator, new byte[64])) {
                    for (long i = 0; i < 1000; i++) {
                        writer.send(payload, metadata(i)); // nobody to wait for
                    }
                    InputReader late = node.subscribe(CHANNEL, "late/in",
                            new InputOptions(QUEUE, QueuePolicy.BACKPRESSURE), () -> { });
                    AtomicLong sent = new AtomicLong();
                    Thread sender = new Thread(() -> {
                        try {
                            for (long i = 0; i < 50; i++) {
                                writer.send(payload, metadata(1000 + i));
                                sent.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "late-reader-test-sender");
                    sender.start();
                    awaitParked(sender);
                    assertThat(sent.get()).as("messages sent after a reader with queue size %d attached", QUEUE)
                            .isLessThanOrEqualTo(QUEUE);
                    for (long read = 0; sender.isAlive() || read < sent.get(); read++) {
                        ShmFixture.take(late, f.allocator).close();
                    }
                    sender.join();
                    assertThat(sent.get()).isEqualTo(50);
                    late.close();
                }
                early.close();
            }
            assertThat(f.allocator.getAllocatedMemory()).isZero();
        }
    }

    /** Polls until {@code t} is parked (the writer waits for its reader) or has ended; fails after ten seconds. */
    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (t.isAlive()) {
            Thread.State state = t.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sender neither waited nor ended: " + state);
            }
            Thread.onSpinWait();
        }
    }
}
