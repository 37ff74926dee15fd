package dev.jdora.shm;

import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.shm.ShmFixture.metadata;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Data;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.SendBuffer;
import dev.jdora.core.transport.Transport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.UInt1Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The payload ring's rules for lent buffers that only the shared-memory transport has: the size limit, an unsent
 * buffer that holds the room another body needs (failing at once, since waiting would never end), and the validity
 * bitmap that a lent body does not carry.
 */
class ShmLentBufferTest {

    private static final int RING = 64 * 1024;
    private static final Map<String, String> SMALL_RING = Map.of("shm.ringBytes", String.valueOf(RING),
            "shm.maxRingBytes", String.valueOf(RING));

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBufferOverTheLimitIsRefusedWithALocatedMessageAndTheChannelGoesOn() throws Exception {
        try (ShmFixture f = new ShmFixture(SMALL_RING)) {
            f.daemon.declare(CHANNEL, List.of(subscriber("sink/in", 10, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "sink/in", new InputOptions(10, QueuePolicy.BACKPRESSURE),
                        () -> { });
                try (OutputWriter writer = node.createOutput(CHANNEL)) {
                    assertThatThrownBy(() -> writer.allocate(RING + 1, f.allocator))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("node=camera output=image: a message body of ")
                            .hasMessageContaining("is larger than the biggest payload of " + RING + " bytes")
                            .hasMessageContaining("--transport-setting shm.maxRingBytes=");
                    sendLent(writer, f, RING / 2, 1);
                    assertMarked(reader, f, RING / 2, 1);
                }
                reader.close();
            }
            assertThat(f.allocator.getAllocatedMemory()).isZero();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void roomHeldByAnUnsentBufferFailsAtOnceInsteadOfWaitingForever() throws Exception {
        int size = RING * 5 / 8;
        try (ShmFixture f = new ShmFixture(SMALL_RING)) {
            f.daemon.declare(CHANNEL, List.of(subscriber("sink/in", 10, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "sink/in", new InputOptions(10, QueuePolicy.BACKPRESSURE),
                        () -> { });
                try (OutputWriter writer = node.createOutput(CHANNEL)) {
                    SendBuffer unsent = writer.allocate(size, f.allocator);
                    assertThatThrownBy(() -> writer.allocate(size, f.allocator))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageStartingWith("node=camera output=image: no room in the payload ring")
                            .hasMessageContaining("neither sent nor closed");
                    try (UInt1Vector copy = Data.bytes(f.allocator, new byte[size])) {
                        assertThatThrownBy(() -> writer.send(copy, metadata(9)))
                                .as("a copying send that needs the same room")
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessageContaining("neither sent nor closed");
                    }
                    unsent.close();
                    sendLent(writer, f, size, 2);
                    assertMarked(reader, f, size, 2);
                    sendLent(writer, f, size, 3); // the room of message 2 came back once it was closed
                    assertMarked(reader, f, size, 3);
                }
                reader.close();
            }
            assertThat(f.allocator.getAllocatedMemory()).isZero();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void lentBodiesWithoutNullsAreReadValidOverOneSharedBitmapThatOutlivesTheReader() throws Exception {
        int size = RING / 4 + 3; // not a whole number of bitmap bytes
        try (ShmFixture f = new ShmFixture(SMALL_RING)) {
            f.daemon.declare(CHANNEL, List.of(subscriber("sink/in", 10, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "sink/in", new InputOptions(10, QueuePolicy.BACKPRESSURE),
                        () -> { });
                try (OutputWriter writer = node.createOutput(CHANNEL)) {
                    sendLent(writer, f, size, 1);
                    sendLent(writer, f, size, 2);
                    try (UInt1Vector first = (UInt1Vector) ShmFixture.take(reader, f.allocator);
                         UInt1Vector second = (UInt1Vector) ShmFixture.take(reader, f.allocator)) {
                        for (UInt1Vector v : List.of(first, second)) {
                            assertThat(v.getNullCount()).isZero();
                            assertThat(v.isNull(0)).isFalse();
                            assertThat(v.isNull(size - 1)).isFalse();
                        }
                        assertThat(second.getDataBuffer().getLong(0)).isEqualTo(2);
                        assertThat(second.getValidityBuffer().memoryAddress())
                                .as("one bitmap for every message, not one built per message")
                                .isEqualTo(first.getValidityBuffer().memoryAddress());
                        reader.close();
                        assertThat(first.isNull(size - 1)).as("held vectors keep the bitmap").isFalse();
                    }
                }
            }
            assertThat(f.allocator.getAllocatedMemory()).isZero();
        }
    }

    private static void sendLent(OutputWriter writer, ShmFixture f, int size, long mark) throws InterruptedException {
        try (SendBuffer buffer = writer.allocate(size, f.allocator)) {
            buffer.buffer().setLong(0, mark);
            buffer.buffer().setLong(size - 8, mark);
            buffer.send(metadata(mark));
        }
    }

    /**
     * Takes the next message, checks its marks, and finishes it as a node does when it asks for its next event
     * ({@code release}): until then the reader keeps its claim on the message, which a restarted reader would read
     * again, and so its room in the ring.
     */
    private static void assertMarked(InputReader reader, ShmFixture f, int size, long mark) throws Exception {
        try (UInt1Vector v = (UInt1Vector) ShmFixture.take(reader, f.allocator)) {
            assertThat(v.getValueCount()).isEqualTo(size);
            assertThat(v.getDataBuffer().getLong(0)).isEqualTo(mark);
            assertThat(v.getDataBuffer().getLong(size - 8)).isEqualTo(mark);
        }
        reader.release();
    }
}
