package dev.jdora.core.internal;

/**
 * The idle strategy of a consumer that must poll readers in other processes: spin briefly (lowest latency), then
 * yield, then wait in growing steps up to {@link #MAX_PARK_NANOS} on the node's {@link WakeSignal}, so a
 * control event still wakes it at once. Stateless; the caller counts idle rounds and restarts at 0 after work.
 */
final class Backoff {

    static final int SPINS = 200;
    static final int YIELDS = 50;
    static final long MIN_PARK_NANOS = 1_000;
    static final long MAX_PARK_NANOS = 1_000_000;

    private Backoff() {
    }

    /**
     * Spins or yields for idle round {@code idle} and returns 0, or returns how long to wait on the signal (at most
     * {@code limitNanos}).
     */
    static long pause(int idle, long limitNanos) {
        if (idle < SPINS) {
            Thread.onSpinWait();
            return 0;
        }
        if (idle < SPINS + YIELDS) {
            Thread.yield();
            return 0;
        }
        int shift = Math.min(idle - SPINS - YIELDS, 10);
        return Math.min(limitNanos, Math.min(MAX_PARK_NANOS, MIN_PARK_NANOS << shift));
    }
}
