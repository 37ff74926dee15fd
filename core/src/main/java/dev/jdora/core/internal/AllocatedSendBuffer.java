package dev.jdora.core.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.transport.SendBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A {@link SendBuffer} over an Arrow buffer allocated for it: {@code send} hands the buffer to a {@link Publisher} as
 * the data of a {@code uint8} array with no nulls, then closes the sender's reference. Two uses:
 * <ul>
 *   <li>the default of {@code OutputWriter.allocate}, for a transport that cannot lend memory: the bytes come from
 *       the node's allocator and are published with {@code OutputWriter.send}, which copies as that transport
 *       does;</li>
 *   <li>the in-JVM transport: the bytes come from the transport's allocator (readers may keep them after the sending
 *       node ended), on warm memory when large ({@link WarmBlocks}), and are shared with every reader, not copied;
 *       the memory is released when the last reader closes its data.</li>
 * </ul>
 * See {@link SendBuffer} for ownership and threads.
 */
public final class AllocatedSendBuffer implements SendBuffer {

    /** The field of what a lent buffer arrives as: the same as {@code Data.bytes} makes. */
    public static final Field BYTES = Field.nullable("bytes", new ArrowType.Int(8, false));

    /**
     * Publishes the filled bytes as a {@code uint8} array of {@code rows} values with no nulls. The caller closes
     * {@code data} afterwards: a publisher that keeps it retains it.
     */
    @FunctionalInterface
    public interface Publisher {
        void publish(ArrowBuf data, int rows, Metadata metadata) throws InterruptedException;
    }

    private final Publisher publisher;
    private final ArrowBuf data;
    private final ArrowBuf buffer;
    private final long length;
    private final AtomicBoolean done = new AtomicBoolean();

    /** @param dataSource where the bytes are allocated (not zeroed: the sender fills them) */
    public AllocatedSendBuffer(ArrowCopy.BufferSource dataSource, long length, Publisher publisher) {
        this.publisher = publisher;
        this.length = checkLength(length);
        this.data = dataSource.buffer(length);
        this.buffer = data.slice(0, length);
    }

    /** A length an Arrow vector can hold ({@code int} rows). */
    public static long checkLength(long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot allocate " + length + " bytes to send: a buffer holds 0 to "
                    + Integer.MAX_VALUE + " bytes");
        }
        return length;
    }

    @Override
    public ArrowBuf buffer() {
        return buffer;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void send(Metadata metadata) throws InterruptedException {
        if (!done.compareAndSet(false, true)) {
            throw new IllegalStateException("this buffer was already sent or closed");
        }
        try {
            publisher.publish(data, (int) length, metadata);
        } finally {
            data.close();
        }
    }

    /**
     * A {@code uint8} vector of {@code allocator} over {@code data} (shared, not copied; loading makes its all-valid
     * bitmap), for a publisher that sends vectors. The caller closes it.
     */
    public static UInt1Vector bytesOver(BufferAllocator allocator, ArrowBuf data, int rows) {
        UInt1Vector vector = new UInt1Vector(BYTES, allocator);
        try {
            vector.loadFieldBuffers(new ArrowFieldNode(rows, 0), List.of(allocator.getEmpty(), data));
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (done.compareAndSet(false, true)) {
            data.close();
        }
    }
}
