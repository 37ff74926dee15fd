package dev.jdora.cluster.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdora.core.Metadata;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Sends one output over one Aeron publication (see {@link Frames}). {@link #send} waits while Aeron's flow control
 * holds the publication back (the receiver is behind, or not connected yet) — that is how {@code backpressure} stays
 * lossless across machines — and gives up, returning false, once {@code gone} says the receiving machine is gone.
 *
 * <p><b>Threads.</b> One thread (the forwarder node's); reuses its buffers.
 */
final class FrameWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExclusivePublication publication;
    private final BooleanSupplier gone;
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
    private final Bytes message = new Bytes();
    private final DataOutputStream out = new DataOutputStream(message);
    private final UnsafeBuffer flagBuffer = new UnsafeBuffer(new byte[1]);
    private final UnsafeBuffer chunk = new UnsafeBuffer(new byte[0]);
    private @Nullable Field field;

    FrameWriter(ExclusivePublication publication, BooleanSupplier gone) {
        this.publication = publication;
        this.gone = gone;
    }

    /** Sends one message; false if the receiving machine is gone. The caller keeps {@code data}. */
    boolean send(ValueVector data, Metadata metadata) throws IOException, InterruptedException {
        message.reset();
        out.writeByte(Frames.DATA);
        out.writeLong(metadata.timestamp().nanos());
        out.writeInt(metadata.timestamp().counter());
        byte[] params = metadata.parameters().isEmpty() ? new byte[0] : JSON.writeValueAsBytes(metadata.parameters());
        out.writeInt(params.length);
        out.write(params);
        FieldVector vector = (FieldVector) data;
        VectorSchemaRoot root = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector),
                vector.getValueCount()); // a view: closing it would close the lent vector, so it is not closed
        if (vector.getField().equals(field)) {
            out.writeInt(0);
        } else {
            int at = message.size();
            out.writeInt(0);
            MessageSerializer.serialize(channel(), new Schema(List.of(vector.getField())));
            message.putInt(at, message.size() - at - Integer.BYTES);
            field = vector.getField();
        }
        try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
            MessageSerializer.serialize(channel(), batch);
        }
        return offer();
    }

    /** A channel whose positions (for Arrow's 8-byte alignment) count from here. */
    private WriteChannel channel() {
        return new WriteChannel(Channels.newChannel(message));
    }

    /** Ends the output (normally, or as its node's failure); false if the receiving machine is gone. */
    boolean end(@Nullable String error) throws IOException, InterruptedException {
        message.reset();
        out.writeByte(error == null ? Frames.END : Frames.FAILED);
        if (error != null) {
            out.write(error.getBytes(StandardCharsets.UTF_8));
        }
        return offer();
    }

    private boolean offer() throws InterruptedException {
        int room = publication.maxMessageLength() - 1;
        byte[] bytes = message.array();
        int length = message.size();
        if (length <= room) {
            return offerChunk(Frames.WHOLE, bytes, 0, length);
        }
        for (int at = 0; at < length; at += room) {
            int n = Math.min(room, length - at);
            if (!offerChunk(at + n == length ? Frames.LAST : Frames.MORE, bytes, at, n)) {
                return false;
            }
        }
        return true;
    }

    /** One chunk: its flag and its bytes gathered by Aeron into one message. */
    private boolean offerChunk(byte flag, byte[] bytes, int offset, int length) throws InterruptedException {
        flagBuffer.putByte(0, flag);
        chunk.wrap(bytes, offset, length);
        idle.reset();
        while (true) {
            long result = publication.offer(flagBuffer, 0, 1, chunk, 0, length);
            if (result > 0) {
                return true;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("the Aeron publication to the other machine is "
                        + (result == Publication.CLOSED ? "closed" : "at its maximum position"));
            }
            if (gone.getAsBoolean()) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while the other machine was behind");
            }
            idle.idle();
        }
    }

    /** A reusable byte sink whose array is read in place. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(64 * 1024);
        }

        byte[] array() {
            return buf;
        }

        void putInt(int at, int value) {
            buf[at] = (byte) (value >>> 24);
            buf[at + 1] = (byte) (value >>> 16);
            buf[at + 2] = (byte) (value >>> 8);
            buf[at + 3] = (byte) value;
        }
    }
}
