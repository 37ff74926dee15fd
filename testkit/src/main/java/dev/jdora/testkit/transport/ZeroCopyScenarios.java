package dev.jdora.testkit.transport;

import static dev.jdora.testkit.transport.Payloads.crc;
import static dev.jdora.testkit.transport.TransportCompatibilityKit.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ChannelClosedException;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader.State;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.SendBuffer;
import dev.jdora.core.transport.Transport;
import dev.jdora.testkit.transport.KitThreads.Worker;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The zero-copy scenarios of the {@link TransportCompatibilityKit}: buffers lent by {@link OutputWriter#allocate},
 * filled and sent. Not extended directly: a transport's test extends the kit, which runs these with the rest (and the
 * same leak checks after each).
 */
public abstract class ZeroCopyScenarios {

    /** Bigger than a quarter of the shared-memory transport's default payload ring (256 MiB). */
    private static final long RING_FILLER = 64L << 20;
    private static final int RING_FILLERS = 12;
    private static final long HELD_SIZE = 8L << 20;
    private static final int HELD_BURST = 6;

    ZeroCopyScenarios() {
    }

    abstract BufferAllocator kitAllocator();

    abstract Transport kitTransport();

    abstract Worker startKitThread(String name, KitThreads.Body body);

    /** Declares {@code channel} with one subscriber and subscribes it. */
    abstract Inbox subscribeOne(ChannelId channel, InputOptions options);

    /** See {@link TransportCompatibilityKit#maxPayloadBytes()}. */
    protected abstract long maxPayloadBytes();

    /**
     * Twelve lent buffers of 64 MiB (three times what the shared-memory transport's default ring holds) through a
     * {@code backpressure} reader that keeps two: each arrives with its markers, the room comes back as the reader
     * closes them, and once all are closed no Arrow memory is held.
     */
    @Test
    @Timeout(120)
    public void lentBuffersAreReleasedAndReusedUnderBackpressure() throws Exception {
        assumeTrue(RING_FILLER <= maxPayloadBytes(), "the transport carries at most " + maxPayloadBytes() + " bytes");
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribeOne(channel, lossless(2));
        OutputWriter writer = kitTransport().createOutput(channel);
        Worker sender = startKitThread("sender", () -> {
            for (long i = 0; i < RING_FILLERS; i++) {
                sendMarked(writer, RING_FILLER, i);
            }
            writer.close();
        });
        for (long i = 0; i < RING_FILLERS; i++) {
            assertMarked(inbox.take(WAIT), RING_FILLER, i);
        }
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end after the last message", inbox.name()).isEqualTo(ended());
        sender.join(WAIT);
        inbox.close();
        assertThat(kitAllocator().getAllocatedMemory()).as("Arrow memory held once every message was closed")
                .isZero();
    }

    /**
     * A reader holds the first of several lent buffers while the others are sent, read and closed: its bytes stay
     * as sent (its room is not reused while held); once it is closed, more buffers go through.
     */
    @Test
    @Timeout(60)
    public void aLentBufferHeldByASlowReaderIsNotOverwritten() throws Exception {
        assumeTrue(HELD_SIZE <= maxPayloadBytes(), "the transport carries at most " + maxPayloadBytes() + " bytes");
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribeOne(channel, lossless(HELD_BURST));
        OutputWriter writer = kitTransport().createOutput(channel);
        byte[] first = Payloads.bytes((int) HELD_SIZE, 0);
        sendFilled(writer, first, 0);
        ValueVector held = inbox.take(WAIT).takeData(); // kept past the next poll: taken, not lent
        for (int i = 1; i < 2 * HELD_BURST; i++) {
            if (i == HELD_BURST) {
                try (ValueVector data = held) {
                    assertThat(crc(data)).as("CRC32 of the held message after %d more were sent", i - 1)
                            .isEqualTo(crc(first));
                }
            }
            byte[] bytes = Payloads.bytes((int) HELD_SIZE, i);
            sendFilled(writer, bytes, i);
            try (ValueVector data = inbox.take(WAIT).data()) {
                assertThat(crc(data)).as("CRC32 of message %d", i).isEqualTo(crc(bytes));
            }
        }
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end after the last message", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    /** Three lent buffers of 40 MiB (DESIGN §6), filled with random bytes, arrive with the same CRC32. */
    @Test
    @Timeout(120)
    public void lentFortyMebibytesArriveIntact() throws Exception {
        long size = 40L << 20;
        assumeTrue(size <= maxPayloadBytes(), "the transport carries at most " + maxPayloadBytes() + " bytes");
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribeOne(channel, lossless(2));
        OutputWriter writer = kitTransport().createOutput(channel);
        for (int i = 0; i < 3; i++) {
            byte[] bytes = Payloads.bytes((int) size, 40 + i);
            sendFilled(writer, bytes, i);
            Received received = inbox.take(WAIT);
            try (ValueVector data = received.data()) {
                assertThat((long) data.getValueCount()).as("length of payload %d", i).isEqualTo(size);
                assertThat(crc(data)).as("CRC32 of payload %d", i).isEqualTo(crc(bytes));
                assertThat(received.metadata().timestamp().nanos()).as("timestamp of payload %d", i).isEqualTo(i);
            }
        }
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    /**
     * A buffer closed unsent releases its memory at once (twelve of 64 MiB in a row fit in any ring), is never seen
     * by readers, and cannot be sent after.
     */
    @Test
    @Timeout(60)
    public void closingAnUnsentBufferReleasesIt() throws Exception {
        assumeTrue(RING_FILLER <= maxPayloadBytes(), "the transport carries at most " + maxPayloadBytes() + " bytes");
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribeOne(channel, lossless(4));
        OutputWriter writer = kitTransport().createOutput(channel);
        for (int i = 0; i < RING_FILLERS; i++) {
            SendBuffer unsent = writer.allocate(RING_FILLER, kitAllocator());
            unsent.buffer().setLong(0, -1);
            unsent.close();
            unsent.close(); // idempotent
            assertThat(unsent.buffer().refCnt()).as("references to buffer %d after close", i).isZero();
            assertThat(kitAllocator().getAllocatedMemory()).as("Arrow memory after closing buffer %d unsent", i)
                    .isZero();
            assertThatThrownBy(() -> unsent.send(Metadata.of(Timestamp.ZERO)))
                    .as("send after close").isInstanceOf(IllegalStateException.class);
        }
        sendMarked(writer, RING_FILLER, 7);
        assertMarked(inbox.take(WAIT), RING_FILLER, 7);
        writer.close();
        assertThat(inbox.awaitEnd(WAIT)).as("%s: only the sent buffer arrives", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    /**
     * A buffer cannot be sent twice; one allocated before its writer closed fails to send with
     * {@link ChannelClosedException} and is released; a closed writer lends nothing.
     */
    @Test
    @Timeout(30)
    public void sendingASentBufferOrOnAClosedWriterFailsClearly() throws Exception {
        long size = 1L << 20;
        ChannelId channel = new ChannelId("producer", "out");
        Inbox inbox = subscribeOne(channel, lossless(4));
        OutputWriter writer = kitTransport().createOutput(channel);
        SendBuffer sent = writer.allocate(size, kitAllocator());
        sent.buffer().setLong(0, 1);
        sent.buffer().setLong(size - 8, ~1L);
        sent.send(Metadata.of(new Timestamp(1, 0)));
        assertThatThrownBy(() -> sent.send(Metadata.of(Timestamp.ZERO))).as("a second send")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already sent");
        sent.close(); // nothing after send
        assertMarked(inbox.take(WAIT), size, 1);
        SendBuffer pending = writer.allocate(size, kitAllocator());
        writer.close();
        assertThatThrownBy(() -> pending.send(Metadata.of(Timestamp.ZERO))).as("send once the writer closed")
                .isInstanceOf(ChannelClosedException.class);
        assertThat(pending.buffer().refCnt()).as("references after a failed send").isZero();
        assertThatThrownBy(() -> writer.allocate(size, kitAllocator())).as("allocate once the writer closed")
                .isInstanceOf(ChannelClosedException.class);
        assertThat(inbox.awaitEnd(WAIT)).as("%s: end", inbox.name()).isEqualTo(ended());
        inbox.close();
    }

    /** Sends a lent buffer of {@code size} bytes marked with {@code i} at both ends, timestamped {@code i}. */
    private void sendMarked(OutputWriter writer, long size, long i) throws InterruptedException {
        try (SendBuffer buffer = writer.allocate(size, kitAllocator())) {
            assertThat(buffer.length()).as("length of a lent buffer").isEqualTo(size);
            buffer.buffer().setLong(0, i);
            buffer.buffer().setLong(size - 8, ~i);
            buffer.send(Metadata.of(new Timestamp(i, 0)));
        }
    }

    private static void assertMarked(Received received, long size, long i) {
        try (ValueVector data = received.data()) {
            assertThat(data).as("data of lent message %d", i).isInstanceOf(UInt1Vector.class);
            UInt1Vector bytes = (UInt1Vector) data;
            assertThat((long) bytes.getValueCount()).as("length of lent message %d", i).isEqualTo(size);
            assertThat(bytes.getNullCount()).as("nulls in lent message %d", i).isZero();
            assertThat(bytes.getDataBuffer().getLong(0)).as("first marker of lent message %d", i).isEqualTo(i);
            assertThat(bytes.getDataBuffer().getLong(size - 8)).as("last marker of lent message %d", i)
                    .isEqualTo(~i);
            assertThat(received.metadata().timestamp().nanos()).as("timestamp of lent message %d", i).isEqualTo(i);
        }
    }

    private void sendFilled(OutputWriter writer, byte[] bytes, long i) throws InterruptedException {
        try (SendBuffer buffer = writer.allocate(bytes.length, kitAllocator())) {
            buffer.buffer().setBytes(0, bytes);
            buffer.send(Metadata.of(new Timestamp(i, 0)));
        }
    }

    private static InputOptions lossless(int queueSize) {
        return new InputOptions(queueSize, QueuePolicy.BACKPRESSURE);
    }

    private static State ended() {
        return new State.Ended();
    }
}
