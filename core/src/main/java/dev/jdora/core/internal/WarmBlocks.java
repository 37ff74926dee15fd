package dev.jdora.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Keeps large off-heap blocks warm for reuse. A buffer of tens of MiB from {@code malloc} is a fresh mapping every
 * time (glibc maps anything above 32 MiB and unmaps it on free), so copying 40 MiB into one costs page faults and
 * the kernel's zeroing on top of the copy: several times a memcpy. Blocks handed out here return to this pool when
 * the last Arrow buffer on them is released, and the next large buffer reuses their (already mapped) pages.
 *
 * <p>Only buffers of at least {@link #MIN_BYTES} come from here (below that, {@code malloc} keeps memory warm by
 * itself); at most {@link #MAX_IDLE_BYTES} stay idle, the rest is freed. A block is reused for a request of between
 * half its size and its size.
 *
 * <p><b>Threads.</b> Thread-safe: buffers are taken by senders and released by any reader's thread.
 * <b>Ownership.</b> The caller owns each buffer (accounted to the given allocator) and closes it; {@link #close()}
 * frees the idle blocks, and blocks still in use are freed when their last buffer is released.
 */
final class WarmBlocks implements AutoCloseable {

    static final long MIN_BYTES = 16L << 20;
    static final long MAX_IDLE_BYTES = 256L << 20;

    private final List<Block> idle = new ArrayList<>();
    private long idleBytes;
    private boolean closed;

    /** A buffer of {@code length} bytes from {@code allocator}, on a warm block when {@code length} is large. */
    ArrowBuf buffer(BufferAllocator allocator, long length) {
        if (length < MIN_BYTES) {
            return allocator.buffer(length);
        }
        Block block = take(length);
        try {
            return allocator.wrapForeignAllocation(new Lease(this, block, length));
        } catch (RuntimeException e) {
            giveBack(block);
            throw e;
        }
    }

    private synchronized Block take(long length) {
        int best = -1;
        for (int i = 0; i < idle.size(); i++) {
            long size = idle.get(i).size;
            if (size >= length && size / 2 <= length && (best < 0 || size < idle.get(best).size)) {
                best = i;
            }
        }
        if (best >= 0) {
            Block block = idle.remove(best);
            idleBytes -= block.size;
            return block;
        }
        long size = (length + (1 << 20) - 1) & -(1L << 20); // whole MiB, so that nearby sizes share blocks
        return new Block(MemoryUtil.allocateMemory(size), size);
    }

    private void giveBack(Block block) {
        synchronized (this) {
            if (!closed && idleBytes + block.size <= MAX_IDLE_BYTES) {
                idle.add(block);
                idleBytes += block.size;
                return;
            }
        }
        MemoryUtil.freeMemory(block.address);
    }

    /** Bytes kept idle for reuse. */
    synchronized long idleBytes() {
        return idleBytes;
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(b -> MemoryUtil.freeMemory(b.address));
        idle.clear();
        idleBytes = 0;
    }

    private record Block(long address, long size) {
    }

    /** One Arrow buffer on a block; the block goes back to the pool when Arrow releases it. */
    private static final class Lease extends ForeignAllocation {
        private final WarmBlocks pool;
        private final Block block;

        Lease(WarmBlocks pool, Block block, long length) {
            super(length, block.address);
            this.pool = pool;
            this.block = block;
        }

        @Override
        protected void release0() {
            pool.giveBack(block);
        }
    }
}
