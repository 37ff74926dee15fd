package dev.jdora.shm.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.transport.SendBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;

/**
 * Room in a channel's payload ring lent to the sender for one zero-copy message: the body of a {@code uint8} array
 * of {@code rows} values, laid out as {@link MessageEncoder} lays out any body, so the send writes only the
 * descriptor and readers wrap the same bytes in place.
 *
 * <pre>
 * ring offset (64-byte aligned, reserved by RingSpace, marked PENDING until sent)
 * |-- data: rows bytes, padded to 8 --|     buffer(): what the sender fills
 * </pre>
 *
 * The body has no validity bitmap: the array has no nulls, and its descriptor says so with an empty first buffer
 * (see {@link MessageEncoder}). The send therefore writes nothing into the body at all.
 *
 * <p><b>Ownership.</b> The buffer holds a reference to the ring's mapping (so the memory stays mapped even if the
 * writer is released first), accounted to the node's allocator. {@code send} gives the room to the message (it is
 * reclaimed like any body once every reader has passed and released it); {@code close} without {@code send} gives it
 * back. Either way the {@link ArrowBuf} is released and must not be used after. Thread-safe; {@code send} and
 * {@code close} take effect once.
 */
final class RingSendBuffer implements SendBuffer {

    private final ShmWriter writer;
    private final PayloadRing ring;
    private final long start;
    private final long ringOffset;
    private final int rows;
    private final ArrowBuf buffer;
    private final AtomicBoolean done = new AtomicBoolean();

    /** Called by the writer, under its lock, with the room reserved at logical offset {@code start}. */
    RingSendBuffer(ShmWriter writer, BufferAllocator allocator, PayloadRing ring, long start, long ringOffset,
                   int rows) {
        this.writer = writer;
        this.ring = ring;
        this.start = start;
        this.ringOffset = ringOffset;
        this.rows = rows;
        ring.retain();
        try {
            this.buffer = allocator.wrapForeignAllocation(new Lent(ring, ring.address(ringOffset),
                    rows));
        } catch (RuntimeException e) {
            ring.release();
            throw e;
        }
    }

    static long bodyLength(int rows) {
        return MessageEncoder.align8(rows);
    }

    @Override
    public ArrowBuf buffer() {
        return buffer;
    }

    @Override
    public long length() {
        return rows;
    }

    int rows() {
        return rows;
    }

    long start() {
        return start;
    }

    long ringOffset() {
        return ringOffset;
    }

    @Override
    public void send(Metadata metadata) throws InterruptedException {
        if (!done.compareAndSet(false, true)) {
            throw new IllegalStateException("this buffer was already sent or closed");
        }
        boolean sent = false;
        try {
            writer.sendLent(this, metadata);
            sent = true;
        } finally {
            try {
                if (!sent) {
                    writer.cancelLent(start);
                }
            } finally {
                buffer.close();
            }
        }
    }

    @Override
    public void close() {
        if (done.compareAndSet(false, true)) {
            try {
                writer.cancelLent(start);
            } finally {
                buffer.close();
            }
        }
    }

    /** The sender's view of the room; releasing it drops the buffer's reference to the mapping. */
    private static final class Lent extends ForeignAllocation {
        private final PayloadRing ring;

        Lent(PayloadRing ring, long address, long size) {
            super(size, address);
            this.ring = ring;
        }

        @Override
        protected void release0() {
            ring.release();
        }
    }
}
