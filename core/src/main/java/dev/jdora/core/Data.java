package dev.jdora.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Arrow arrays for the common payloads, without Arrow ceremony.
 *
 * <pre>{@code
 * try (var frame = Data.bytes(pixels)) {        // a uint8 array over a copy of pixels
 *     node.send("image", frame);                // send copies; we still own frame and close it
 * }
 * String label = Data.string(input.data());     // readers never take ownership
 * }</pre>
 *
 * <p><b>Ownership.</b> Every factory returns a new vector that the caller owns and must close. Factories without an
 * allocator argument use {@link #allocator()}, a process-wide root allocator. Readers ({@code string}, {@code longs},
 * …) copy out of the vector and never close it. All methods are thread-safe and never block.
 */
public final class Data {

    private static final class Holder {
        static final BufferAllocator ROOT = new RootAllocator();
    }

    private Data() {
    }

    /** The process-wide allocator the allocator-less factories use. Never close it. */
    public static BufferAllocator allocator() {
        return Holder.ROOT;
    }

    /** A {@code uint8} array holding a copy of {@code bytes}: the usual type for raw bytes and images. */
    public static UInt1Vector bytes(byte[] bytes) {
        return bytes(allocator(), bytes);
    }

    /** As {@link #bytes(byte[])}, allocated from {@code allocator}. */
    public static UInt1Vector bytes(BufferAllocator allocator, byte[] bytes) {
        UInt1Vector v = new UInt1Vector("bytes", allocator);
        v.allocateNew(bytes.length);
        v.getDataBuffer().setBytes(0, bytes);
        v.getValidityBuffer().setOne(0, (int) v.getValidityBuffer().capacity());
        v.setValueCount(bytes.length);
        return v;
    }

    /** A UTF-8 string array with one element per argument. */
    public static VarCharVector utf8(String... values) {
        return utf8(allocator(), values);
    }

    /** As {@link #utf8(String...)}, allocated from {@code allocator}. */
    public static VarCharVector utf8(BufferAllocator allocator, String... values) {
        VarCharVector v = new VarCharVector("utf8", allocator);
        v.allocateNew(values.length);
        for (int i = 0; i < values.length; i++) {
            v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
        }
        v.setValueCount(values.length);
        return v;
    }

    /** An {@code int64} array. */
    public static BigIntVector longs(long... values) {
        return longs(allocator(), values);
    }

    /** As {@link #longs(long...)}, allocated from {@code allocator}. */
    public static BigIntVector longs(BufferAllocator allocator, long... values) {
        BigIntVector v = new BigIntVector("int64", allocator);
        v.allocateNew(values.length);
        for (int i = 0; i < values.length; i++) {
            v.set(i, values[i]);
        }
        v.setValueCount(values.length);
        return v;
    }

    /** An {@code int32} array. */
    public static IntVector ints(int... values) {
        return ints(allocator(), values);
    }

    /** As {@link #ints(int...)}, allocated from {@code allocator}. */
    public static IntVector ints(BufferAllocator allocator, int... values) {
        IntVector v = new IntVector("int32", allocator);
        v.allocateNew(values.length);
        for (int i = 0; i < values.length; i++) {
            v.set(i, values[i]);
        }
        v.setValueCount(values.length);
        return v;
    }

    /** A {@code float64} array. */
    public static Float8Vector doubles(double... values) {
        return doubles(allocator(), values);
    }

    /** As {@link #doubles(double...)}, allocated from {@code allocator}. */
    public static Float8Vector doubles(BufferAllocator allocator, double... values) {
        Float8Vector v = new Float8Vector("float64", allocator);
        v.allocateNew(values.length);
        for (int i = 0; i < values.length; i++) {
            v.set(i, values[i]);
        }
        v.setValueCount(values.length);
        return v;
    }

    /** A {@code float32} array. */
    public static Float4Vector floats(float... values) {
        return floats(allocator(), values);
    }

    /** As {@link #floats(float...)}, allocated from {@code allocator}. */
    public static Float4Vector floats(BufferAllocator allocator, float... values) {
        Float4Vector v = new Float4Vector("float32", allocator);
        v.allocateNew(values.length);
        for (int i = 0; i < values.length; i++) {
            v.set(i, values[i]);
        }
        v.setValueCount(values.length);
        return v;
    }

    /**
     * A struct array with one row. Field types follow the values: {@code Long}/{@code Integer} → int64,
     * {@code Double}/{@code Float} → float64, {@code Boolean} → bool, {@code String} → utf8, {@code byte[]} → binary.
     *
     * @throws IllegalArgumentException for another value type, naming the field
     */
    public static StructVector struct(Map<String, ?> row) {
        return struct(allocator(), row);
    }

    /** As {@link #struct(Map)}, allocated from {@code allocator}. */
    public static StructVector struct(BufferAllocator allocator, Map<String, ?> row) {
        StructVector v = StructVector.empty("struct", allocator);
        try {
            row.forEach((name, value) -> addStructField(v, name, value));
            v.setIndexDefined(0);
            v.setValueCount(1);
            return v;
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
    }

    private static void addStructField(StructVector struct, String name, Object value) {
        if (value instanceof Long || value instanceof Integer) {
            BigIntVector child = struct.addOrGet(name, FieldType.nullable(new ArrowType.Int(64, true)),
                    BigIntVector.class);
            child.setSafe(0, ((Number) value).longValue());
            child.setValueCount(1);
        } else if (value instanceof Double || value instanceof Float) {
            Float8Vector child = struct.addOrGet(name, FieldType.nullable(
                    new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)),
                    Float8Vector.class);
            child.setSafe(0, ((Number) value).doubleValue());
            child.setValueCount(1);
        } else if (value instanceof Boolean b) {
            BitVector child = struct.addOrGet(name, FieldType.nullable(ArrowType.Bool.INSTANCE), BitVector.class);
            child.setSafe(0, b ? 1 : 0);
            child.setValueCount(1);
        } else if (value instanceof String s) {
            VarCharVector child = struct.addOrGet(name, FieldType.nullable(ArrowType.Utf8.INSTANCE),
                    VarCharVector.class);
            child.setSafe(0, s.getBytes(StandardCharsets.UTF_8));
            child.setValueCount(1);
        } else if (value instanceof byte[] bytes) {
            VarBinaryVector child = struct.addOrGet(name, FieldType.nullable(ArrowType.Binary.INSTANCE),
                    VarBinaryVector.class);
            child.setSafe(0, bytes);
            child.setValueCount(1);
        } else {
            throw new IllegalArgumentException("struct field '" + name + "': unsupported type "
                    + (value == null ? "null" : value.getClass().getName()));
        }
    }

    /** The bytes of a {@code uint8}/{@code int8} array, or of the first element of a binary array. */
    public static byte[] toBytes(ValueVector vector) {
        if (vector instanceof UInt1Vector || vector instanceof org.apache.arrow.vector.TinyIntVector) {
            byte[] out = new byte[vector.getValueCount()];
            ((FieldVector) vector).getDataBuffer().getBytes(0, out);
            return out;
        }
        if (vector instanceof VarBinaryVector bin) {
            return bin.getValueCount() == 0 ? new byte[0] : bin.get(0);
        }
        throw typeMismatch(vector, "uint8, int8 or binary");
    }

    /** The first element of a UTF-8 string array. */
    public static String string(ValueVector vector) {
        List<String> all = strings(vector);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("expected a string, got an empty array");
        }
        return all.get(0);
    }

    /** Every element of a UTF-8 string array. */
    public static List<String> strings(ValueVector vector) {
        if (!(vector instanceof VarCharVector chars)) {
            throw typeMismatch(vector, "utf8");
        }
        List<String> out = new ArrayList<>(chars.getValueCount());
        for (int i = 0; i < chars.getValueCount(); i++) {
            out.add(new String(chars.get(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The elements of an {@code int64} (or {@code int32}) array. */
    public static long[] toLongs(ValueVector vector) {
        long[] out = new long[vector.getValueCount()];
        if (vector instanceof BigIntVector v) {
            for (int i = 0; i < out.length; i++) {
                out[i] = v.get(i);
            }
        } else if (vector instanceof IntVector v) {
            for (int i = 0; i < out.length; i++) {
                out[i] = v.get(i);
            }
        } else {
            throw typeMismatch(vector, "int64 or int32");
        }
        return out;
    }

    /** The elements of a {@code float64} (or {@code float32}) array. */
    public static double[] toDoubles(ValueVector vector) {
        double[] out = new double[vector.getValueCount()];
        if (vector instanceof Float8Vector v) {
            for (int i = 0; i < out.length; i++) {
                out[i] = v.get(i);
            }
        } else if (vector instanceof Float4Vector v) {
            for (int i = 0; i < out.length; i++) {
                out[i] = v.get(i);
            }
        } else {
            throw typeMismatch(vector, "float64 or float32");
        }
        return out;
    }

    /** One row of a struct array as field name → Java value (see {@link #struct(Map)} for the types). */
    public static Map<String, Object> structRow(ValueVector vector, int row) {
        if (!(vector instanceof StructVector struct)) {
            throw typeMismatch(vector, "struct");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldVector child : struct.getChildrenFromFields()) {
            Object value = child.getObject(row);
            out.put(child.getName(), value instanceof org.apache.arrow.vector.util.Text t ? t.toString() : value);
        }
        return out;
    }

    private static IllegalArgumentException typeMismatch(ValueVector vector, String expected) {
        return new IllegalArgumentException("expected an Arrow " + expected + " array, got "
                + vector.getField().getType() + " (" + vector.getClass().getSimpleName() + ")");
    }
}
