package dev.jdora.shm.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * How the writer waits for readers in other processes, which cannot signal it: spin, then yield, then park in growing
 * steps up to 1 ms. Allocation-free; the caller counts idle rounds and starts again at 0 after progress.
 */
final class IdleWait {

    private static final int SPINS = 100;
    private static final int YIELDS = 100;
    private static final long MAX_PARK_NANOS = 1_000_000;

    private IdleWait() {
    }

    /** Waits for round {@code idle}; returns the next round. */
    static int idle(int idle) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (idle < SPINS) {
            Thread.onSpinWait();
        } else if (idle < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, 1_000L << Math.min(idle - SPINS - YIELDS, 10)));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return idle + 1;
    }
}
