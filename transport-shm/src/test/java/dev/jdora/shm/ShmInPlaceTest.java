package dev.jdora.shm;

import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.shm.internal.ShmReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ShmInPlaceTest {

    private static final Metadata METADATA = Metadata.of(new Timestamp(1, 0));

    static UInt1Vector bytes(BufferAllocator allocator, int size, long seed) {
        UInt1Vector v = new UInt1Vector("bytes", allocator);
        v.allocateNew(size);
        Random random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        for (int at = 0; at < size; at += chunk.length) {
            random.nextBytes(chunk);
            int n = Math.min(chunk.length, size - at);
            v.getDataBuffer().setBytes(at, chunk, 0, n);
        }
        v.setValueCount(size);
        return v;
    }

    static long checksum(UInt1Vector v) {
        CRC32 crc = new CRC32();
        crc.update(v.getDataBuffer().nioBuffer(0, v.getValueCount()));
        return crc.getValue();
    }

    /** The file mapped at {@code address} in this process, from /proc/self/maps. */
    static Optional<String> mappedFile(long address) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] parts = line.trim().split("\\s+", 6);
            String[] range = parts[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            if (address >= start && address < end) {
                return Optional.of(parts.length == 6 ? parts[5] : "");
            }
        }
        return Optional.empty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFortyMebibytePayloadArrivesIntactInPlace() throws Exception {
        int size = 40 << 20;
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 2, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "a/in", new InputOptions(2, QueuePolicy.BACKPRESSURE),
                        () -> { });
                long sent;
                try (OutputWriter writer = node.createOutput(CHANNEL); UInt1Vector v = bytes(f.allocator, size, 7)) {
                    sent = checksum(v);
                    writer.send(v, METADATA);
                }
                long before = f.allocator.getAllocatedMemory();
                try (UInt1Vector v = (UInt1Vector) ShmFixture.take(reader, f.allocator)) {
                    assertThat(v.getValueCount()).isEqualTo(size);
                    assertThat(checksum(v)).isEqualTo(sent);
                    assertThat(mappedFile(v.getDataBuffer().memoryAddress())).as("where the data lives")
                            .hasValueSatisfying(file -> assertThat(file).endsWith("/shm/camera/image/ring-0"));
                    // Arrow accounts the wrapped ring memory (data and validity: 45 MiB); a copy would double it
                    assertThat(f.allocator.getAllocatedMemory() - before).isLessThan(size + size / 8 + (1L << 20));
                }
                reader.close();
            }
        }
    }

    /**
     * A body read in place stays pinned exactly as long as someone may read it: while it is lent (until the next
     * poll or release), and, once taken out, until the application closes it — not until the reader's next poll.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void lentInPlaceDataIsUnpinnedOnReleaseAndTakenDataUntilClosed() throws Exception {
        int size = 64 << 10;
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 4, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                ShmReader reader = (ShmReader) node.subscribe(CHANNEL, "a/in",
                        new InputOptions(4, QueuePolicy.BACKPRESSURE), () -> { });
                long[] sums = new long[3];
                try (OutputWriter writer = node.createOutput(CHANNEL)) {
                    for (int i = 0; i < 3; i++) {
                        try (UInt1Vector v = bytes(f.allocator, size, i)) {
                            sums[i] = checksum(v);
                            writer.send(v, METADATA);
                        }
                    }
                }
                var lent = ShmFixture.next(reader, f.allocator, java.time.Duration.ofSeconds(10));
                assertThat(checksum((UInt1Vector) lent.data())).as("message 0, lent").isEqualTo(sums[0]);
                assertThat(reader.heldCount()).as("pinned while message 0 is lent").isEqualTo(1);
                reader.release();
                assertThat(reader.heldCount()).as("pinned after release()").isZero();
                try (UInt1Vector taken = (UInt1Vector) ShmFixture.take(reader, f.allocator)) {
                    assertThat(reader.heldCount()).as("pinned while message 1 is taken").isEqualTo(1);
                    lent = ShmFixture.next(reader, f.allocator, java.time.Duration.ofSeconds(10));
                    assertThat(checksum((UInt1Vector) lent.data())).as("message 2, lent").isEqualTo(sums[2]);
                    assertThat(reader.heldCount()).as("pinned: message 1 taken, message 2 lent").isEqualTo(2);
                    reader.release();
                    // the count spans from the lowest message still pinned (the taken one) to the newest
                    assertThat(reader.heldCount()).as("pinned after release(): the taken message").isPositive();
                    assertThat(checksum(taken)).as("message 1, taken, after later polls").isEqualTo(sums[1]);
                }
                assertThat(reader.heldCount()).as("pinned once the taken message is closed (message 2 was released)")
                        .isZero();
                reader.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theRingIsReusedAndHeldDataStaysValid() throws Exception {
        int size = 1 << 20;
        int count = 400; // 400 MiB through a 16 MiB ring
        try (ShmFixture f = new ShmFixture(Map.of("shm.ringBytes", String.valueOf(16 << 20)))) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 4, QueuePolicy.BACKPRESSURE),
                    subscriber("b/in", 4, QueuePolicy.DROP_OLDEST)));
            try (Transport node = f.attach()) {
                InputReader a = node.subscribe(CHANNEL, "a/in", new InputOptions(4, QueuePolicy.BACKPRESSURE),
                        () -> { });
                InputReader b = node.subscribe(CHANNEL, "b/in", new InputOptions(4, QueuePolicy.DROP_OLDEST),
                        () -> { });
                long[] sums = new long[count];
                Thread producer = new Thread(() -> {
                    try (OutputWriter writer = node.createOutput(CHANNEL)) {
                        for (int i = 0; i < count; i++) {
                            try (UInt1Vector v = bytes(f.allocator, size, i)) {
                                v.set(0, i & 0xff);
                                sums[i] = checksum(v);
                                writer.send(v, METADATA);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "producer");
                producer.start();
                Set<Long> addresses = new HashSet<>();
                // the application holds the last 3 messages while the writer goes on: their bytes must not be reused
                java.util.ArrayDeque<UInt1Vector> held = new java.util.ArrayDeque<>();
                java.util.ArrayDeque<Integer> heldSeqs = new java.util.ArrayDeque<>();
                try {
                    for (int i = 0; i < count; i++) {
                        UInt1Vector v = (UInt1Vector) ShmFixture.take(a, f.allocator);
                        held.add(v);
                        heldSeqs.add(i);
                        addresses.add(v.getDataBuffer().memoryAddress());
                        if (held.size() > 3) {
                            int seq = heldSeqs.poll();
                            try (UInt1Vector old = held.poll()) {
                                assertThat(checksum(old)).as("held message %d", seq).isEqualTo(sums[seq]);
                            }
                        }
                        var fromB = b.poll(f.allocator);
                        if (fromB != null) {
                            fromB.data().close();
                        }
                    }
                } finally {
                    held.forEach(UInt1Vector::close);
                }
                producer.join();
                assertThat(addresses.size()).as("distinct ring offsets used").isLessThanOrEqualTo(16);
                assertThat(Files.exists(f.runDirectory.resolve("shm/camera/image/ring-0"))).isTrue();
                a.close();
                b.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theRingGrowsForABodyThatDoesNotFit() throws Exception {
        try (ShmFixture f = new ShmFixture(Map.of("shm.ringBytes", String.valueOf(8 << 20)))) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 2, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "a/in", new InputOptions(2, QueuePolicy.BACKPRESSURE),
                        () -> { });
                try (OutputWriter writer = node.createOutput(CHANNEL)) {
                    Thread producer = new Thread(() -> {
                        try (UInt1Vector small = bytes(f.allocator, 1 << 20, 1);
                                UInt1Vector big = bytes(f.allocator, 20 << 20, 2)) {
                            writer.send(small, METADATA);
                            writer.send(big, METADATA); // waits until the small one is released, then grows
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    producer.start();
                    try (UInt1Vector v = (UInt1Vector) ShmFixture.take(reader, f.allocator)) {
                        assertThat(v.getValueCount()).isEqualTo(1 << 20);
                    }
                    try (UInt1Vector v = (UInt1Vector) ShmFixture.take(reader, f.allocator);
                            UInt1Vector expected = bytes(f.allocator, 20 << 20, 2)) {
                        assertThat(checksum(v)).isEqualTo(checksum(expected));
                        assertThat(mappedFile(v.getDataBuffer().memoryAddress()))
                                .hasValueSatisfying(file -> assertThat(file).endsWith("/ring-1"));
                    }
                    producer.join();
                }
                assertThat(f.runDirectory.resolve("shm/camera/image/ring-0")).doesNotExist();
                reader.close();
            }
        }
    }
}
