package dev.jdora.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Copies Arrow arrays buffer by buffer (one memcpy per buffer; the validity bitmap of a flat array with no nulls is
 * left out, as loading remakes it), and builds any number of read-only views that share one copy through Arrow's
 * reference counting. Thread-safe (stateless).
 */
public final class ArrowCopy {

    private ArrowCopy() {
    }

    /** Where copied buffers are allocated; the caller of {@code buffer} owns the result. */
    @FunctionalInterface
    public interface BufferSource {
        ArrowBuf buffer(long length);
    }

    /**
     * A copy of {@code source}'s buffers in {@code allocator}, as a record batch the caller must close. The source is
     * only read.
     */
    public static ArrowRecordBatch copyBuffers(ValueVector source, BufferAllocator allocator) {
        return copyBuffers(source, allocator::buffer);
    }

    /** As {@link #copyBuffers(ValueVector, BufferAllocator)}, each copy in a buffer from {@code target}. */
    public static ArrowRecordBatch copyBuffers(ValueVector source, BufferSource target) {
        FieldVector vector = asFieldVector(source);
        VectorSchemaRoot view = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector),
                vector.getValueCount());
        try (ArrowRecordBatch shared = new VectorUnloader(view).getRecordBatch()) {
            List<ArrowBuf> copies = new ArrayList<>(shared.getBuffers().size());
            boolean skipValidity = withoutNulls(vector, shared);
            try {
                for (ArrowBuf buf : shared.getBuffers()) {
                    long length = skipValidity && copies.isEmpty() ? 0 : buf.readableBytes();
                    ArrowBuf copy = target.buffer(length);
                    copy.setBytes(0, buf, buf.readerIndex(), length);
                    copy.writerIndex(length);
                    copies.add(copy);
                }
                return new ArrowRecordBatch(shared.getLength(), shared.getNodes(), copies);
            } finally {
                copies.forEach(ArrowBuf::close);
            }
        }
    }

    /**
     * Whether {@code vector} is a flat array whose first buffer is its validity bitmap and which has no nulls: then the
     * bitmap need not be copied, since loading an array with no nulls makes a fresh all-valid one whatever is given.
     */
    private static boolean withoutNulls(FieldVector vector, ArrowRecordBatch batch) {
        return (vector instanceof BaseFixedWidthVector || vector instanceof BaseVariableWidthVector
                || vector instanceof BaseLargeVariableWidthVector)
                && batch.getNodes().size() == 1 && batch.getNodes().get(0).getNullCount() == 0;
    }

    /**
     * One array copied once, from which each reader gets its own read-only view sharing that copy. Close it once the
     * last view is made (views keep the copy alive). Not thread-safe: the sender's, under its send lock.
     */
    public interface Shared extends AutoCloseable {
        /** A new vector over the copy, in {@code allocator}; the caller closes it. */
        FieldVector view(BufferAllocator allocator);

        @Override
        void close();
    }

    /**
     * A {@link Shared} copy of {@code source}, its buffers in memory from {@code target}. A flat array (fixed or
     * variable width, no children) is copied into one buffer and viewed by loading its buffers directly, with its
     * validity bitmap, so that neither side builds a record batch, a schema root or a bitmap per message; any other
     * array goes through {@link #copyBuffers} and {@link #view}.
     */
    public static Shared share(ValueVector source, BufferSource target) {
        FieldVector vector = asFieldVector(source);
        if (FlatCopy.accepts(vector)) {
            return new FlatCopy(vector, target);
        }
        return sharing(vector.getField(), copyBuffers(vector, target));
    }

    /** A {@link Shared} over {@code batch}, which it takes over (closes). */
    public static Shared sharing(Field field, ArrowRecordBatch batch) {
        return new Shared() {
            @Override
            public FieldVector view(BufferAllocator allocator) {
                return ArrowCopy.view(field, batch, allocator);
            }

            @Override
            public void close() {
                batch.close();
            }
        };
    }

    /** A flat array's buffers, bitmap included, copied one after the other (8-byte aligned) into one buffer. */
    private static final class FlatCopy implements Shared {
        private final Field field;
        private final ArrowFieldNode node;
        private final ArrowBuf body;
        private final long[] offsets;
        private final long[] lengths;

        static boolean accepts(FieldVector vector) {
            return (vector instanceof BaseFixedWidthVector || vector instanceof BaseVariableWidthVector
                    || vector instanceof BaseLargeVariableWidthVector) && vector.getChildrenFromFields().isEmpty();
        }

        FlatCopy(FieldVector source, BufferSource target) {
            this.field = source.getField();
            this.node = new ArrowFieldNode(source.getValueCount(), source.getNullCount());
            List<ArrowBuf> buffers = source.getFieldBuffers(); // sets each buffer's readable bytes
            int n = buffers.size();
            offsets = new long[n];
            lengths = new long[n];
            long total = 0;
            for (int i = 0; i < n; i++) {
                offsets[i] = total;
                lengths[i] = buffers.get(i).readableBytes();
                total += (lengths[i] + 7) & ~7L;
            }
            body = target.buffer(total);
            for (int i = 0; i < n; i++) {
                ArrowBuf b = buffers.get(i);
                body.setBytes(offsets[i], b, b.readerIndex(), lengths[i]);
            }
        }

        @Override
        public FieldVector view(BufferAllocator allocator) {
            List<ArrowBuf> slices = new ArrayList<>(offsets.length);
            for (int i = 0; i < offsets.length; i++) {
                slices.add(body.slice(offsets[i], lengths[i])); // loading takes its own reference
            }
            FieldVector vector = field.createVector(allocator);
            try {
                vector.loadFieldBuffers(node, slices);
                return vector;
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
        }

        @Override
        public void close() {
            body.close();
        }
    }

    /** A new vector of type {@code field} over the buffers of {@code batch} (shared, not copied). Caller closes it. */
    public static FieldVector view(Field field, ArrowRecordBatch batch, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        try {
            VectorSchemaRoot root = new VectorSchemaRoot(List.of(field), List.of(vector), 0);
            new VectorLoader(root).load(batch);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /** A full, independent copy of {@code source}. Caller closes it. */
    public static FieldVector copy(ValueVector source, BufferAllocator allocator) {
        try (ArrowRecordBatch batch = copyBuffers(source, allocator)) {
            return view(source.getField(), batch, allocator);
        }
    }

    private static FieldVector asFieldVector(ValueVector source) {
        if (source instanceof FieldVector fv) {
            return fv;
        }
        throw new IllegalArgumentException("cannot send " + source.getClass().getName()
                + ": jdora sends Arrow FieldVectors (every standard Arrow vector is one)");
    }
}
