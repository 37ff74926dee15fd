package dev.jdora.core.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.transport.SendBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt1Vector;

/**
 * A {@link SendBuffer} that is a {@code uint8} vector on the heap of Arrow: {@code send} fills in its validity and
 * length, hands it to a {@link Publisher} and closes the sender's reference. Two uses:
 * <ul>
 *   <li>the default of {@code OutputWriter.allocate}, for a transport that cannot lend memory: the vector comes from
 *       the node's allocator and is published with {@code OutputWriter.send}, which copies as that transport does;</li>
 *   <li>the in-JVM transport: the vector comes from the transport's allocator (readers may keep it after the sending
 *       node ended) and its buffers are shared with every reader, not copied; the memory is released when the last
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
    private final UInt1Vector vector;
    private final ArrowBuf buffer;
    private final long length;
    private final AtomicBoolean done = new AtomicBoolean();

    public VectorSendBuffer(BufferAllocator allocator, long length, Publisher publisher) {
        this.publisher = publisher;
        this.length = checkLength(length);
        this.vector = new UInt1Vector("bytes", allocator);
        try {
            vector.allocateNew((int) length);
            this.buffer = vector.getDataBuffer().slice(0, length);
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
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
            int rows = (int) length;
            vector.getValidityBuffer().setOne(0L, (long) BitVectorHelper.getValidityBufferSizeFromCount(rows));
            vector.setValueCount(rows);
            publisher.publish(vector, metadata);
        } finally {
            vector.close();
        }
    }

    @Override
    public void close() {
        if (done.compareAndSet(false, true)) {
            vector.close();
        }
    }
}
