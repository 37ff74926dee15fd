package dev.jdora.core.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.transport.SendBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * A {@link SendBuffer} over an Arrow buffer: {@code send} makes it the data of a {@code uint8} vector with no nulls,
 * hands that to a {@link Publisher} and closes the sender's references. Two uses:
 * <ul>
 *   <li>the default of {@code OutputWriter.allocate}, for a transport that cannot lend memory: the bytes come from
 *       the node's allocator and is published with {@code OutputWriter.send}, which copies as that transport does;</li>
 *   <li>the in-JVM transport: the bytes come from the transport's allocator (readers may keep them after the sending
 *       node ended), on warm memory when large ({@link WarmBlocks}), and are shared with every reader, not copied; the memory is released when the last
 *       reader closes its data.</li>
 * </ul>
 * See {@link SendBuffer} for ownership and threads.
 */
public final class VectorSendBuffer implements SendBuffer {

    /** Publishes the filled vector; the vector is closed by the caller afterwards. */
    @FunctionalInterface
    public interface Publisher {
        void publish(FieldVector vector, Metadata metadata) throws InterruptedException;
    }

    private final Publisher publisher;
    private final BufferAllocator allocator;
    private final ArrowBuf data;
    private final ArrowBuf buffer;
    private final long length;
    private final AtomicBoolean done = new AtomicBoolean();

    /**
     * @param allocator  where the vector is built at send
     * @param dataSource where the bytes are allocated (not zeroed: the sender fills them)
     */
    public VectorSendBuffer(BufferAllocator allocator, ArrowCopy.BufferSource dataSource, long length,
                            Publisher publisher) {
        this.publisher = publisher;
        this.allocator = allocator;
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
        UInt1Vector vector = new UInt1Vector("bytes", allocator);
        try {
            // no nulls: loading makes the all-valid bitmap and shares the data buffer (no copy)
            vector.loadFieldBuffers(new ArrowFieldNode(length, 0), List.of(allocator.getEmpty(), data));
            publisher.publish(vector, metadata);
        } finally {
            vector.close();
            data.close();
        }
    }

    @Override
    public void close() {
        if (done.compareAndSet(false, true)) {
            data.close();
        }
    }
}
