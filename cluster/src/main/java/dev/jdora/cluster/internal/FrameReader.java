package dev.jdora.cluster.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Reads the messages of one edge from its Aeron stream (see {@link Frames}): joins chunks, decodes each message and
 * hands it to a {@link Sink}. Owns the vector it decodes into (reused while the schema stays) and closes it with
 * {@link #close()}.
 *
 * <p><b>Threads.</b> One thread (the receiver node's, polling the subscription).
 */
final class FrameReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where decoded messages go. */
    interface Sink {
        /** One message; {@code data} is lent until the call returns. */
        void data(FieldVector data, long hlcNanos, int hlcCounter, Map<String, Object> parameters)
                throws InterruptedException;

        /** The output ended, normally if {@code error} is null. */
        void end(@Nullable String error);
    }

    private final BufferAllocator allocator;
    private final Sink sink;
    private final ExpandableArrayBuffer pending = new ExpandableArrayBuffer(64 * 1024);
    private int pendingLength;
    private byte[] params = new byte[256];
    private @Nullable VectorSchemaRoot root;

    FrameReader(BufferAllocator allocator, Sink sink) {
        this.allocator = allocator;
        this.sink = sink;
    }

    /**
     * One Aeron message (a whole one: Aeron's fragments joined by a {@code FragmentAssembler}). A whole jdora message
     * is decoded where it lies, its Arrow buffers copied once into buffers of the allocator; the chunks of a larger
     * one are joined first.
     */
    void onChunk(DirectBuffer buffer, int offset, int length) throws IOException, InterruptedException {
        byte flag = buffer.getByte(offset);
        if (flag == Frames.WHOLE && pendingLength == 0) {
            message(buffer, offset + 1, length - 1);
            return;
        }
        pending.putBytes(pendingLength, buffer, offset + 1, length - 1);
        pendingLength += length - 1;
        if (flag != Frames.MORE) {
            int messageLength = pendingLength;
            pendingLength = 0;
            message(pending, 0, messageLength);
        }
    }

    private void message(DirectBuffer in, int offset, int length) throws IOException, InterruptedException {
        int end = offset + length;
        byte kind = in.getByte(offset);
        if (kind == Frames.END) {
            sink.end(null);
            return;
        }
        if (kind == Frames.FAILED) {
            sink.end(in.getStringWithoutLengthUtf8(offset + 1, length - 1));
            return;
        }
        if (kind != Frames.DATA) {
            throw new IOException("unknown message kind " + kind + " from the other machine");
        }
        long hlcNanos = in.getLong(offset + 1);
        int hlcCounter = in.getInt(offset + 9);
        int at = offset + 13;
        int paramsLength = in.getInt(at);
        at += Integer.BYTES;
        Map<String, Object> parameters = Map.of();
        if (paramsLength > 0) {
            parameters = parameters(in, at, paramsLength);
            at += paramsLength;
        }
        int schemaLength = in.getInt(at);
        at += Integer.BYTES;
        if (schemaLength > 0) {
            Schema schema = MessageSerializer.deserializeSchema(channel(in, at, schemaLength));
            at += schemaLength;
            if (root != null) {
                root.close();
            }
            root = VectorSchemaRoot.create(schema, allocator);
        }
        VectorSchemaRoot current = root;
        if (current == null) {
            throw new IOException("a message from the other machine came without its schema");
        }
        try (ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(channel(in, at, end - at),
                allocator)) {
            new VectorLoader(current).load(batch);
        }
        sink.data(current.getVector(0), hlcNanos, hlcCounter, parameters);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parameters(DirectBuffer in, int offset, int length) throws IOException {
        if (params.length < length) {
            params = new byte[Math.max(length, params.length * 2)];
        }
        in.getBytes(offset, params, 0, length);
        return JSON.readValue(params, 0, length, LinkedHashMap.class);
    }

    private static ReadChannel channel(DirectBuffer in, int offset, int length) {
        return new ReadChannel(new ArrowChannels.Source(in, offset, length));
    }

    /** Releases the vector it decodes into. Idempotent. */
    @Override
    public void close() {
        if (root != null) {
            root.close();
            root = null;
        }
    }
}
