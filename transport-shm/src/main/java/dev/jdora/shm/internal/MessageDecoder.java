package dev.jdora.shm.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.core.transport.Received;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Reads the documents written by {@link MessageEncoder} into Arrow vectors: inline bodies are copied into the given
 * allocator (one memcpy), ring bodies are wrapped in place. Caches the last decoded schema.
 *
 * <p><b>Threads.</b> Owned by one reader (its consuming thread). The ring mapping it caches is released by
 * {@link #close()}; in-place buffers keep their own reference to it.
 */
final class MessageDecoder implements AutoCloseable {

    private final Path channelDirectory;
    private final HeldSequences held;
    private byte[] schemaBytes = new byte[0];
    private byte[] scratch = new byte[256];
    private @Nullable Field field;
    private long[] bufferLengths = new long[16];
    private @Nullable PayloadRing ring;

    MessageDecoder(Path channelDirectory, HeldSequences held) {
        this.channelDirectory = channelDirectory;
        this.held = held;
    }

    /** The sequence number at the start of a document, without consuming it. */
    static long peekSeq(Bytes<?> in) {
        return in.readLong(in.readPosition());
    }

    Received decode(Bytes<?> in, BufferAllocator allocator) {
        long seq = in.readLong();
        in.readLong(); // send time: see ChannelHeader.arrival
        Timestamp timestamp = new Timestamp(in.readLong(), in.readInt());
        Map<String, Object> parameters = readParameters(in);
        Field f = readField(in);
        int rowCount = in.readInt();
        int nodeCount = in.readInt();
        List<ArrowFieldNode> nodes = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(new ArrowFieldNode(in.readLong(), in.readLong()));
        }
        int bufferCount = in.readInt();
        if (bufferLengths.length < bufferCount) {
            bufferLengths = new long[Math.max(bufferCount, bufferLengths.length * 2)];
        }
        for (int i = 0; i < bufferCount; i++) {
            bufferLengths[i] = in.readLong();
        }
        ArrowBuf body = readBody(in, seq, allocator);
        try {
            List<ArrowBuf> buffers = new ArrayList<>(bufferCount);
            long offset = 0;
            for (int i = 0; i < bufferCount; i++) {
                buffers.add(body.slice(offset, bufferLengths[i]));
                offset += MessageEncoder.align8(bufferLengths[i]);
            }
            FieldVector vector = f.createVector(allocator);
            try (ArrowRecordBatch batch = new ArrowRecordBatch(rowCount, nodes, buffers)) {
                VectorSchemaRoot root = new VectorSchemaRoot(List.of(f), List.of(vector), 0);
                new VectorLoader(root).load(batch);
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
            return new Received(vector, new Metadata(timestamp, parameters));
        } finally {
            body.close();
        }
    }

    private ArrowBuf readBody(Bytes<?> in, long seq, BufferAllocator allocator) {
        byte kind = in.readByte();
        if (kind == MessageEncoder.INLINE) {
            long length = in.readLong();
            ArrowBuf body = allocator.buffer(length);
            copyOut(in, body.memoryAddress(), length);
            return body;
        }
        if (kind != MessageEncoder.RING) {
            throw new IllegalStateException("corrupt message " + seq + ": unknown body kind " + kind);
        }
        int generation = in.readInt();
        long offset = in.readLong();
        long length = in.readLong();
        PayloadRing r = ring(generation);
        r.retain();
        held.hold(seq);
        try {
            return allocator.wrapForeignAllocation(new InPlace(r, offset, length, held, seq));
        } catch (RuntimeException e) {
            held.release(seq);
            r.release();
            throw e;
        }
    }

    /**
     * Copies {@code length} bytes out of the queue in pieces: a mapped queue file is a series of overlapping chunks,
     * and only a piece asked for with its size is guaranteed to be mapped contiguously.
     */
    private static void copyOut(Bytes<?> in, long address, long length) {
        long done = 0;
        while (done < length) {
            int piece = (int) Math.min(MessageEncoder.COPY_PIECE, length - done);
            long position = in.readPosition();
            MemoryUtil.copyMemory(in.addressForRead(position, piece), address + done, piece);
            in.readSkip(piece);
            done += piece;
        }
    }

    private PayloadRing ring(int generation) {
        PayloadRing r = ring;
        if (r != null && r.generation() == generation) {
            return r;
        }
        if (r != null) {
            r.release();
            ring = null;
        }
        r = PayloadRing.open(channelDirectory, generation);
        ring = r;
        return r;
    }

    private Field readField(Bytes<?> in) {
        int length = in.readInt();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        in.read(scratch, 0, length);
        Field f = field;
        if (f == null || !Arrays.equals(scratch, 0, length, schemaBytes, 0, schemaBytes.length)) {
            schemaBytes = Arrays.copyOf(scratch, length);
            f = Schema.deserializeMessage(ByteBuffer.wrap(schemaBytes)).getFields().get(0);
            field = f;
        }
        return f;
    }

    private static Map<String, Object> readParameters(Bytes<?> in) {
        int count = in.readInt();
        if (count == 0) {
            return Map.of();
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = in.readUtf8();
            byte type = in.readByte();
            if (type == 'L') {
                byte elementType = in.readByte();
                int size = in.readInt();
                List<Object> list = new ArrayList<>(size);
                for (int j = 0; j < size; j++) {
                    list.add(readValue(in, elementType));
                }
                parameters.put(key, list);
            } else {
                parameters.put(key, readValue(in, type));
            }
        }
        return parameters;
    }

    private static Object readValue(Bytes<?> in, byte type) {
        switch (type) {
            case 'Z':
                return in.readBoolean();
            case 'J':
                return in.readLong();
            case 'D':
                return in.readDouble();
            case 'S':
                return in.readUtf8();
            default:
                throw new IllegalStateException("corrupt parameter type " + type);
        }
    }

    @Override
    public void close() {
        PayloadRing r = ring;
        ring = null;
        if (r != null) {
            r.release();
        }
    }

    /** A message body in the ring, wrapped for Arrow; released when the application closes the last vector on it. */
    private static final class InPlace extends ForeignAllocation {
        private final PayloadRing ring;
        private final HeldSequences held;
        private final long seq;

        InPlace(PayloadRing ring, long offset, long length, HeldSequences held, long seq) {
            super(length, ring.address(offset));
            this.ring = ring;
            this.held = held;
            this.seq = seq;
        }

        @Override
        protected void release0() {
            held.release(seq);
            ring.release();
        }
    }
}
