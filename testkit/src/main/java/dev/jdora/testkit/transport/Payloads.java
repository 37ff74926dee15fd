package dev.jdora.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.ValueVector;

/** The kit's messages: sequence numbers (an {@code int64} array and the timestamp agree) and checksummed bytes. */
final class Payloads {

    /** Timestamps of sequence-numbered messages: {@code BASE + seq}, so data and metadata can be cross-checked. */
    private static final long BASE_NANOS = 1_700_000_000_000_000_000L;

    private Payloads() {
    }

    /** Sends message number {@code seq}: {@code Data.longs(seq)}, timestamped {@code BASE + seq}. */
    static void sendSeq(OutputWriter writer, BufferAllocator allocator, long seq) throws InterruptedException {
        try (BigIntVector data = Data.longs(allocator, seq)) {
            writer.send(data, metadataOf(seq));
        }
    }

    /** The metadata {@link #sendSeq} sends with message {@code seq}. */
    static Metadata metadataOf(long seq) {
        return Metadata.of(new Timestamp(BASE_NANOS + seq, 0));
    }

    /** The sequence number of a message sent by {@link #sendSeq}; closes its data (releasing it early). */
    static long seqOf(Received received) {
        try (ValueVector data = received.data()) {
            assertThat(data).as("data of a sequence-numbered message").isInstanceOf(BigIntVector.class);
            long[] values = Data.toLongs(data);
            assertThat(values).as("data of a sequence-numbered message").hasSize(1);
            assertThat(received.metadata().timestamp().nanos() - BASE_NANOS)
                    .as("timestamp of message %d (its metadata travelled with other data)", values[0])
                    .isEqualTo(values[0]);
            return values[0];
        }
    }

    /** {@code size} pseudo-random bytes, the same for the same seed. */
    static byte[] bytes(int size, long seed) {
        byte[] out = new byte[size];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }

    static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** The CRC32 of a {@code uint8} array's values, read in place (no copy to the heap). */
    static long crc(ValueVector vector) {
        assertThat(vector).as("a bytes payload").isInstanceOf(UInt1Vector.class);
        UInt1Vector bytes = (UInt1Vector) vector;
        assertThat(bytes.getNullCount()).as("null values in a bytes payload (validity buffer)").isZero();
        CRC32 crc = new CRC32();
        crc.update(bytes.getDataBuffer().nioBuffer(0, bytes.getValueCount()));
        return crc.getValue();
    }
}
