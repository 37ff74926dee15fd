package dev.jdora.testkit.transport;

import dev.jdora.core.Data;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/**
 * Arrays sent one after another to a reader that may reuse its vectors: the same types come back with other sizes
 * (larger, then smaller, then empty), other types come in between, with and without nulls, and one body is large
 * enough for a transport to read it in place. Owns the arrays; {@link #close()} releases them. Test thread only.
 */
final class LentDataSamples implements AutoCloseable {

    /** The index of the sample the kit takes out and keeps while the others pass. */
    static final int TAKEN = 1;

    private final List<FieldVector> samples = new ArrayList<>();

    LentDataSamples(BufferAllocator allocator) {
        try {
            samples.add(Data.longs(allocator, 7));
            samples.add(Data.longs(allocator, range(1_000)));
            samples.add(Data.longs(allocator, 1, 2, 3));
            samples.add(Data.utf8(allocator, "a"));
            samples.add(Data.utf8(allocator, "grüße", "x".repeat(3_000), "", "世界"));
            samples.add(Data.utf8(allocator, "b", "c"));
            samples.add(Data.longs(allocator, range(1_500)));
            BigIntVector withNull = Data.longs(allocator, 4, 0, 6);
            withNull.setNull(1);
            samples.add(withNull);
            samples.add(Data.longs(allocator, 8, 9));
            samples.add(Data.doubles(allocator, 0.5, -0.0, Double.NaN));
            samples.add(Data.bytes(allocator, Payloads.bytes(100, 1)));
            samples.add(Data.bytes(allocator, Payloads.bytes(8_000, 2)));
            samples.add(Data.bytes(allocator, Payloads.bytes(3, 3)));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", 7L);
            row.put("name", "camera");
            samples.add(Data.struct(allocator, row));
            samples.add(new NullVector("timer", 0));
            samples.add(Data.longs(allocator));
            samples.add(Data.utf8(allocator));
            samples.add(Data.ints(allocator, 1, 2));
            BitVector bits = new BitVector("bool", allocator);
            samples.add(bits);
            bits.allocateNew(11);
            for (int i = 0; i < 11; i++) {
                bits.set(i, i % 3 == 0 ? 1 : 0);
            }
            bits.setNull(4);
            bits.setValueCount(11);
            samples.add(Data.ints(allocator, 3));
            samples.add(Data.longs(allocator, 10));
            samples.add(Data.utf8(allocator, "d"));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static long[] range(int n) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 31L - 7;
        }
        return values;
    }

    int size() {
        return samples.size();
    }

    FieldVector get(int i) {
        return samples.get(i);
    }

    @Override
    public void close() {
        samples.forEach(FieldVector::close);
    }
}
