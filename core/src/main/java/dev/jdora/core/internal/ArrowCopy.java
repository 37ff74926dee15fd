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
