package dev.jdora.shm.internal;

import dev.jdora.core.transport.Received;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.BufferLayout;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.jspecify.annotations.Nullable;

/**
 * Reads the documents written by {@link MessageEncoder} into the reader's {@link Received} holder. Two paths:
 *
 * <ul>
 *   <li><b>reused</b> (inline bodies of flat arrays, see {@link InlineLoader}): the body is copied into the vector
 *       {@link DecodedFields} keeps for that field, message after message; nothing is allocated per message when
 *       there are no parameters;</li>
 *   <li><b>fresh</b> (ring bodies, read in place, and nested or other layouts): a new vector per message, over the
 *       mapped ring (no copy) or over one copy of the inline body; it pins its ring bytes until it is closed.</li>
 * </ul>
 *
 * <p><b>Ownership and threads.</b> Owned by one reader and called under its lock. What it decodes is lent: a fresh
 * vector is closed by {@link #releaseLent()} (the reader calls it before each decode, on {@code release} and on
 * {@code close}); a reused vector stays with the decoder until {@link #close()}. Data the application transferred out
 * is its own. The ring mapping it caches is released by {@code close()}; in-place buffers keep their own reference.
 */
final class MessageDecoder implements AutoCloseable {

    private final Path channelDirectory;
    private final HeldSequences held;
    private final DecodedFields fields = new DecodedFields();
    private byte[] scratch = new byte[256];
    private long[] nodeLengths = new long[8];
    private long[] nodeNulls = new long[8];
    private long[] bufferLengths = new long[16];
    private @Nullable PayloadRing ring;
    private @Nullable FieldVector fresh;
    /** All ones, never written after it is filled: the validity of lent bodies without nulls (see {@link #ones}). */
    private @Nullable ArrowBuf ones;
    /** Where {@link #ones} lives: the decoder's own, under the root, so that it is never counted as lent data. */
    private @Nullable BufferAllocator onesAllocator;

    MessageDecoder(Path channelDirectory, HeldSequences held) {
        this.channelDirectory = channelDirectory;
        this.held = held;
    }

    /** The sequence number at the start of a document, without consuming it. */
    static long peekSeq(Bytes<?> in) {
        return in.readLong(in.readPosition());
    }

    /** Decodes one document into {@code into}, lending its vector (see the class comment). */
    void decode(Bytes<?> in, BufferAllocator allocator, Received into) {
        long seq = in.readLong();
        in.readLong(); // send time: see ChannelHeader.arrival
        long hlcNanos = in.readLong();
        int hlcCounter = in.readInt();
        Map<String, Object> parameters = readParameters(in);
        int entry = readField(in);
        int rowCount = in.readInt();
        int nodeCount = readNodes(in);
        int bufferCount = readBufferLengths(in);
        byte kind = in.readByte();
        FieldVector vector;
        if (kind == MessageEncoder.INLINE
                && InlineLoader.accepts(vector = fields.vector(entry, allocator), nodeCount, bufferCount, rowCount,
                        bufferLengths)) {
            in.readLong(); // body length: the sum of the padded buffer lengths
            InlineLoader.load(vector, in, rowCount, bufferLengths);
        } else {
            vector = decodeFresh(in, kind, seq, fields.field(entry), rowCount, nodeCount, bufferCount, allocator);
            fresh = vector;
        }
        into.set(vector, hlcNanos, hlcCounter, parameters);
    }

    /** Closes the fresh vector lent last, if any: its memory (and the ring bytes it pins) is released. */
    void releaseLent() {
        FieldVector f = fresh;
        if (f != null) {
            fresh = null;
            f.close();
        }
    }

    private int readNodes(Bytes<?> in) {
        int nodeCount = in.readInt();
        if (nodeLengths.length < nodeCount) {
            nodeLengths = new long[Math.max(nodeCount, nodeLengths.length * 2)];
            nodeNulls = new long[nodeLengths.length];
        }
        for (int i = 0; i < nodeCount; i++) {
            nodeLengths[i] = in.readLong();
            nodeNulls[i] = in.readLong();
        }
        return nodeCount;
    }

    private int readBufferLengths(Bytes<?> in) {
        int bufferCount = in.readInt();
        if (bufferLengths.length < bufferCount) {
            bufferLengths = new long[Math.max(bufferCount, bufferLengths.length * 2)];
        }
        for (int i = 0; i < bufferCount; i++) {
            bufferLengths[i] = in.readLong();
        }
        return bufferCount;
    }

    private FieldVector decodeFresh(Bytes<?> in, byte kind, long seq, Field f, int rowCount, int nodeCount,
                                    int bufferCount, BufferAllocator allocator) {
        ArrowBuf body = readBody(in, kind, seq, allocator);
        try {
            List<ArrowFieldNode> nodes = new ArrayList<>(nodeCount);
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(new ArrowFieldNode(nodeLengths[i], nodeNulls[i]));
            }
            List<ArrowBuf> buffers = new ArrayList<>(bufferCount);
            long offset = 0;
            for (int i = 0; i < bufferCount; i++) {
                buffers.add(body.slice(offset, bufferLengths[i]));
                offset += MessageEncoder.align8(bufferLengths[i]);
            }
            if (lentWithoutValidity(f, nodeCount, bufferCount)) {
                // Arrow would allocate and fill a bitmap per message (5 MiB for 40 MiB of bytes); share one instead
                buffers.set(0, ones(allocator, BitVectorHelper.getValidityBufferSizeFromCount((int) nodeLengths[0])));
            }
            FieldVector vector = f.createVector(allocator);
            try (ArrowRecordBatch batch = new ArrowRecordBatch(rowCount, nodes, buffers)) {
                VectorSchemaRoot root = new VectorSchemaRoot(List.of(f), List.of(vector), 0);
                new VectorLoader(root).load(batch);
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
            return vector;
        } finally {
            body.close();
        }
    }

    /**
     * Whether this is a flat vector without nulls whose validity bitmap was not sent (a body lent by {@code
     * allocate}): Arrow's loader would then build an all-ones bitmap for every message.
     */
    private boolean lentWithoutValidity(Field f, int nodeCount, int bufferCount) {
        return nodeCount == 1 && bufferCount >= 2 && f.getChildren().isEmpty() && bufferLengths[0] == 0
                && nodeNulls[0] == 0 && nodeLengths[0] > 0 && nodeLengths[0] <= Integer.MAX_VALUE
                && TypeLayout.getTypeLayout(f.getType()).getBufferTypes().get(0).equals(BufferLayout.BufferType.VALIDITY);
    }

    /**
     * A slice of {@code size} bytes of the decoder's all-ones bitmap, grown (and refilled) when too small. Vectors
     * loaded over it take their own reference (in their allocator), so a bitmap that is replaced, or outlives the
     * decoder, lives until the last of them is closed; nobody writes to it after it is filled (received data is
     * read-only).
     */
    private ArrowBuf ones(BufferAllocator allocator, long size) {
        ArrowBuf o = ones;
        if (o == null || o.capacity() < size) {
            if (o != null) {
                o.close();
                ones = null;
            }
            BufferAllocator own = onesAllocator;
            if (own == null) {
                own = allocator.getRoot().newChildAllocator("validity of " + channelDirectory.getFileName(), 0,
                        Long.MAX_VALUE);
                onesAllocator = own;
            }
            o = own.buffer(Math.max(size, 64));
            o.setOne(0, o.capacity());
            ones = o;
        }
        return o.slice(0, size);
    }

    private ArrowBuf readBody(Bytes<?> in, byte kind, long seq, BufferAllocator allocator) {
        if (kind == MessageEncoder.INLINE) {
            long length = in.readLong();
            ArrowBuf body = allocator.buffer(length);
            try {
                copyOut(in, body.memoryAddress(), length);
            } catch (RuntimeException e) {
                body.close();
                throw e;
            }
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
    static void copyOut(Bytes<?> in, long address, long length) {
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

    private int readField(Bytes<?> in) {
        int length = in.readInt();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        in.read(scratch, 0, length);
        return fields.find(scratch, length);
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
                parameters.put(key, List.copyOf(list));
            } else {
                parameters.put(key, readValue(in, type));
            }
        }
        return Collections.unmodifiableMap(parameters);
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

    /** Closes the fresh vector lent last and every reused vector, and lets go of the ring mapping. Idempotent. */
    @Override
    public void close() {
        releaseLent();
        fields.close();
        ArrowBuf o = ones;
        ones = null;
        if (o != null) {
            o.close(); // vectors still holding the bitmap now own it (Arrow moves it to their allocator)
        }
        BufferAllocator own = onesAllocator;
        onesAllocator = null;
        if (own != null) {
            own.close();
        }
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
