package dev.jdora.shm.internal;

import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * How a writer waits for its readers (room in a {@code backpressure} queue, or in the payload ring): spin, yield,
 * then sleep until a reader rings the writer's doorbell. The writer sets the header's {@code writerAsleep} flag,
 * checks once more that it is still blocked, and parks; a reader that moves on (reads, releases in-place data,
 * closes) or the daemon that forgets a dead reader takes the flag and rings (see {@link WriterWaker}). The park has a
 * safety limit of {@value #SAFETY_MILLIS} ms, so even a wake-up that never comes costs little.
 *
 * <p><b>Threads.</b> {@link #idle} by the one thread that holds the writer's lock; {@link #wakeNow()} from any
 * thread (the writer is closing). Allocation-free.
 */
final class WriterSleep {

    static final int SPINS = 100;
    static final int YIELDS = 20;
    static final long SAFETY_MILLIS = 10;

    private final ChannelHeader header;
    private final Doorbell doorbell;
    private final Runnable onRing = this::wakeNow;
    private volatile @Nullable Thread sleeper;

    WriterSleep(ChannelHeader header, Doorbell doorbell) {
        this.header = header;
        this.doorbell = doorbell;
        header.setWriterBell(doorbell.id());
        doorbell.register(onRing);
    }

    /**
     * Waits for round {@code round} and returns the next round; the caller starts again at 0 after progress.
     *
     * @param stillBlocked re-checked after the asleep flag is set: the writer sleeps only if it still holds
     * @throws InterruptedException if the thread is interrupted
     */
    int idle(int round, BooleanSupplier stillBlocked) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (round < SPINS) {
            Thread.onSpinWait();
        } else if (round < SPINS + YIELDS) {
            Thread.yield();
        } else {
            sleeper = Thread.currentThread();
            header.setWriterAsleep(true);
            try {
                if (stillBlocked.getAsBoolean()) {
                    LockSupport.parkNanos(SAFETY_MILLIS * 1_000_000);
                }
            } finally {
                header.setWriterAsleep(false);
                sleeper = null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return round + 1;
    }

    /** Wakes the writer if it sleeps (a ring, or the writer is being closed). Any thread. */
    void wakeNow() {
        Thread t = sleeper;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Stops listening to the doorbell. */
    void close() {
        doorbell.unregister(onRing);
    }
}
