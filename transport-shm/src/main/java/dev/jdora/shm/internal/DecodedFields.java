package dev.jdora.shm.internal;

import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.jspecify.annotations.Nullable;

/**
 * A reader's cache of the fields it has decoded lately ({@link #CAPACITY} of them, the oldest evicted first), each
 * with the vector that its inline messages are decoded into, message after message. Looking a schema up compares
 * bytes and allocates nothing; a schema not seen lately is deserialized once.
 *
 * <p><b>Ownership and threads.</b> Owned by one {@link MessageDecoder} (the reader's consuming thread, or whoever
 * holds the reader's lock). It owns the vectors: {@link #close()} and an eviction close them, so a vector lent to the
 * application is valid only until its reader polls again or closes (what the application transferred out is not
 * touched). The vectors come from the allocator passed to {@link #vector}; another allocator closes them all first.
 */
final class DecodedFields implements AutoCloseable {

    static final int CAPACITY = 8;

    private final byte[][] schemas = new byte[CAPACITY][];
    private final Field[] fields = new Field[CAPACITY];
    private final @Nullable FieldVector[] vectors = new FieldVector[CAPACITY];
    private int size;
    private int oldest;
    private @Nullable BufferAllocator allocator;

    /** The entry of the schema in {@code bytes[0, length)}, added (maybe evicting the oldest) if not cached. */
    int find(byte[] bytes, int length) {
        for (int i = 0; i < size; i++) {
            byte[] s = schemas[i];
            if (s.length == length && Arrays.equals(s, 0, length, bytes, 0, length)) {
                return i;
            }
        }
        byte[] copy = Arrays.copyOf(bytes, length);
        Field field = SchemaMessages.read(copy);
        int at;
        if (size < CAPACITY) {
            at = size++;
        } else {
            at = oldest;
            oldest = (oldest + 1) % CAPACITY;
            closeVector(at);
        }
        schemas[at] = copy;
        fields[at] = field;
        return at;
    }

    Field field(int entry) {
        return fields[entry];
    }

    /** The vector reused for entry {@code entry}, created from {@code allocator} on first use. */
    FieldVector vector(int entry, BufferAllocator allocator) {
        if (this.allocator != allocator) {
            closeVectors();
            this.allocator = allocator;
        }
        FieldVector v = vectors[entry];
        if (v == null) {
            v = fields[entry].createVector(allocator);
            vectors[entry] = v;
        }
        return v;
    }

    private void closeVectors() {
        for (int i = 0; i < size; i++) {
            closeVector(i);
        }
    }

    private void closeVector(int entry) {
        FieldVector v = vectors[entry];
        if (v != null) {
            vectors[entry] = null;
            v.close();
        }
    }

    /** Closes every reused vector. Idempotent; the cache stays usable. */
    @Override
    public void close() {
        closeVectors();
        allocator = null;
    }
}
