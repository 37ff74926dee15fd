package dev.jdora.cluster.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agrona.DirectBuffer;
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
    private byte[] pending = new byte[64 * 1024];
    private int pendingLength;
    private @Nullable VectorSchemaRoot root;

    FrameReader(BufferAllocator allocator, Sink sink) {
        this.allocator = allocator;
        this.sink = sink;
    }

    /** One Aeron message (a whole one: Aeron's fragments joined by a {@code FragmentAssembler}). */
    void onChunk(DirectBuffer buffer, int offset, int length) throws IOException, InterruptedException {
        byte flag = buffer.getByte(offset);
        if (pending.length < pendingLength + length - 1) {
            byte[] bigger = new byte[Math.max(pendingLength + length - 1, pending.length * 2)];
            System.arraycopy(pending, 0, bigger, 0, pendingLength);
            pending = bigger;
        }
        buffer.getBytes(offset + 1, pending, pendingLength, length - 1);
        pendingLength += length - 1;
        if (flag != Frames.MORE) {
            int messageLength = pendingLength;
            pendingLength = 0;
            message(ByteBuffer.wrap(pending, 0, messageLength));
        }
    }

    private void message(ByteBuffer in) throws IOException, InterruptedException {
        byte kind = in.get();
        if (kind == Frames.END) {
            sink.end(null);
            return;
        }
        if (kind == Frames.FAILED) {
            sink.end(StandardCharsets.UTF_8.decode(in).toString());
            return;
        }
        if (kind != Frames.DATA) {
            throw new IOException("unknown message kind " + kind + " from the other machine");
        }
        long hlcNanos = in.getLong();
        int hlcCounter = in.getInt();
        int paramsLength = in.getInt();
        Map<String, Object> parameters = Map.of();
        if (paramsLength > 0) {
            parameters = parameters(in.array(), in.position(), paramsLength);
            in.position(in.position() + paramsLength);
        }
        int schemaLength = in.getInt();
        if (schemaLength > 0) {
            Schema schema = MessageSerializer.deserializeSchema(channel(in.array(), in.position(), schemaLength));
            in.position(in.position() + schemaLength);
            if (root != null) {
                root.close();
            }
            root = VectorSchemaRoot.create(schema, allocator);
        }
        VectorSchemaRoot current = root;
        if (current == null) {
            throw new IOException("a message from the other machine came without its schema");
        }
        try (ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(
                channel(in.array(), in.position(), in.remaining()), allocator)) {
            new VectorLoader(current).load(batch);
        }
        sink.data(current.getVector(0), hlcNanos, hlcCounter, parameters);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters(byte[] bytes, int offset, int length) throws IOException {
        return JSON.readValue(bytes, offset, length, LinkedHashMap.class);
    }

    private static ReadChannel channel(byte[] bytes, int offset, int length) {
        return new ReadChannel(Channels.newChannel(new ByteArrayInputStream(bytes, offset, length)));
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
