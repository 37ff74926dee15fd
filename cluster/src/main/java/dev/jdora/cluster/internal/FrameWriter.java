package dev.jdora.cluster.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdora.core.Metadata;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.io.ExpandableDirectBufferOutputStream;
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
    private final ExpandableArrayBuffer message = new ExpandableArrayBuffer(64 * 1024);
    private final ArrowChannels.Sink sink = new ArrowChannels.Sink(message);
    private final ExpandableDirectBufferOutputStream paramsOut = new ExpandableDirectBufferOutputStream();
    private final UnsafeBuffer flagBuffer = new UnsafeBuffer(new byte[1]);
    private final UnsafeBuffer chunk = new UnsafeBuffer(new byte[0]);
    private @Nullable Field field;

    FrameWriter(ExclusivePublication publication, BooleanSupplier gone) {
        this.publication = publication;
        this.gone = gone;
    }

    /**
     * Sends one message; false if the receiving machine is gone. The caller keeps {@code data}. Arrow's IPC writer
     * copies each buffer once, straight into the message Aeron sends (see {@link ArrowChannels}).
     */
    boolean send(ValueVector data, Metadata metadata) throws IOException, InterruptedException {
        message.putByte(0, Frames.DATA);
        message.putLong(1, metadata.timestamp().nanos());
        message.putInt(9, metadata.timestamp().counter());
        int at = 13;
        if (metadata.parameters().isEmpty()) {
            message.putInt(at, 0);
            at += Integer.BYTES;
        } else {
            paramsOut.wrap(message, at + Integer.BYTES); // straight into the message: no array per message
            JSON.writeValue(paramsOut, metadata.parameters());
            message.putInt(at, paramsOut.position());
            at += Integer.BYTES + paramsOut.position();
        }
        FieldVector vector = (FieldVector) data;
        Field current = vector.getField();
        if (current == field || current.equals(field)) {
            message.putInt(at, 0);
            sink.position(at + Integer.BYTES);
        } else {
            sink.position(at + Integer.BYTES);
            MessageSerializer.serialize(new WriteChannel(sink), new Schema(List.of(current)));
            message.putInt(at, sink.length() - at - Integer.BYTES);
            field = current;
        }
        VectorSchemaRoot root = new VectorSchemaRoot(List.of(current), List.of(vector),
                vector.getValueCount()); // a view: closing it would close the lent vector, so it is not closed
        try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
            // a channel of its own: Arrow's 8-byte alignment counts from the start of the batch
            MessageSerializer.serialize(new WriteChannel(sink), batch);
        }
        return offer(sink.length());
    }

    /** Ends the output (normally, or as its node's failure); false if the receiving machine is gone. */
    boolean end(@Nullable String error) throws InterruptedException {
        message.putByte(0, error == null ? Frames.END : Frames.FAILED);
        byte[] text = error == null ? new byte[0] : error.getBytes(StandardCharsets.UTF_8);
        message.putBytes(1, text);
        return offer(1 + text.length);
    }

    /** Sends the first {@code length} bytes of {@link #message}, in chunks if Aeron takes less in one message. */
    private boolean offer(int length) throws InterruptedException {
        int room = publication.maxMessageLength() - 1;
        if (length <= room) {
            return offerChunk(Frames.WHOLE, 0, length);
        }
        for (int at = 0; at < length; at += room) {
            int n = Math.min(room, length - at);
            if (!offerChunk(at + n == length ? Frames.LAST : Frames.MORE, at, n)) {
                return false;
            }
        }
        return true;
    }

    /** One chunk: its flag and its bytes gathered by Aeron into one message. */
    private boolean offerChunk(byte flag, int offset, int length) throws InterruptedException {
        flagBuffer.putByte(0, flag);
        chunk.wrap(message, offset, length);
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
}
