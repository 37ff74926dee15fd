package dev.jdora.shm;

import dev.jdora.core.Data;
import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Transport;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt1Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rough figures printed to the test output (not timed assertions: see bench/ for benchmarks): allocation per message
 * on both sides, one-to-one throughput of small messages, and the cost of a 1 MiB send inline vs in place. The only
 * assertions are on allocation (counted per thread, not timed): a poll that finds nothing allocates nothing, and a
 * reader that lets each small message go at the next poll allocates less than 16 bytes per message (issue 9).
 */
class ShmMeasurementTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Metadata METADATA = Metadata.of(new Timestamp(1, 0));

    private static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void smallMessages() throws Exception {
        int warmup = 200_000;
        int count = 1_000_000;
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 1024, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "a/in", new InputOptions(1024, QueuePolicy.BACKPRESSURE),
                        () -> { });
                // an idle poll: one volatile read, no allocation
                for (int i = 0; i < 10_000; i++) {
                    assertThat(reader.poll(f.allocator)).isNull();
                }
                long idleBefore = allocated();
                for (int i = 0; i < 100_000; i++) {
                    reader.poll(f.allocator);
                    reader.state();
                }
                long idleBytes = allocated() - idleBefore;
                AtomicLong writerBytes = new AtomicLong();
                AtomicLong writerNanos = new AtomicLong();
                Thread producer = new Thread(() -> {
                    try (OutputWriter writer = node.createOutput(CHANNEL);
                            BigIntVector v = Data.longs(f.allocator, 0, 1, 2, 3, 4, 5, 6, 7)) {
                        for (int i = 0; i < warmup; i++) {
                            v.set(0, i);
                            writer.send(v, METADATA);
                        }
                        long before = allocated();
                        long start = System.nanoTime();
                        for (int i = warmup; i < warmup + count; i++) {
                            v.set(0, i);
                            writer.send(v, METADATA);
                        }
                        writerNanos.set(System.nanoTime() - start);
                        writerBytes.set(allocated() - before);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "producer");
                producer.start();
                long readerBytes = 0;
                long received = 0;
                long before = 0;
                while (received < warmup + count) {
                    if (received == warmup) {
                        before = allocated();
                    }
                    Received r = reader.poll(f.allocator);
                    if (r != null) {
                        received++; // lent: the next poll reuses its vector
                    }
                }
                readerBytes = allocated() - before;
                producer.join();
                System.out.printf("64 B payload, 1 writer -> 1 reader (threads, queue 1024 backpressure): "
                                + "%.2f M msg/s; writer allocates %.1f B/msg; reader (poll, data lent) "
                                + "%.1f B/msg; idle poll+state %.3f B/call%n",
                        count / (writerNanos.get() / 1e9) / 1e6, writerBytes.get() / (double) count,
                        readerBytes / (double) count, idleBytes / 100_000.0);
                assertThat(idleBytes).as("bytes allocated by 100,000 idle polls").isLessThan(1024);
                assertThat(readerBytes / (double) count).as("bytes the reader allocates per 64 B message, data lent")
                        .isLessThan(16);
                reader.close();
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneMebibyteInlineVersusInPlace() throws Exception {
        for (String threshold : List.of("4096", String.valueOf(Integer.MAX_VALUE))) {
            try (ShmFixture f = new ShmFixture(Map.of("shm.inPlaceThreshold", threshold))) {
                f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 4, QueuePolicy.BACKPRESSURE)));
                try (Transport node = f.attach()) {
                    InputReader reader = node.subscribe(CHANNEL, "a/in", new InputOptions(4, QueuePolicy.BACKPRESSURE),
                            () -> { });
                    int count = 2000;
                    AtomicLong nanos = new AtomicLong();
                    Thread producer = new Thread(() -> {
                        try (OutputWriter writer = node.createOutput(CHANNEL);
                                UInt1Vector v = ShmInPlaceTest.bytes(f.allocator, 1 << 20, 1)) {
                            for (int i = 0; i < count; i++) {
                                if (i == 500) {
                                    nanos.set(-System.nanoTime());
                                }
                                writer.send(v, METADATA);
                            }
                            nanos.addAndGet(System.nanoTime());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "producer");
                    producer.start();
                    long readNanos = 0;
                    for (int i = 0; i < count; i++) {
                        long t0 = System.nanoTime();
                        FieldVector v = (FieldVector) ShmFixture.take(reader, f.allocator);
                        readNanos += System.nanoTime() - t0;
                        v.close();
                    }
                    producer.join();
                    System.out.printf("1 MiB payload, %s: %.3f ms per message end to end (writer side, "
                                    + "after warm-up), run directory now %.1f MiB%n",
                            threshold.equals("4096") ? "in place (ring)" : "inline (queue)",
                            nanos.get() / 1500 / 1e6, ShmFixture.directorySize(f.runDirectory) / 1048576.0);
                    reader.close();
                }
            }
        }
    }
}
