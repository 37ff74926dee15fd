package dev.jdora.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a sender at a fixed interval. A sender that fell behind starts a new interval from now instead of sending a
 * catch-up burst, so runs measure latency and not queueing. An interval of 0 sends back to back.
 *
 * <p>How it waits depends on the interval. From {@value #SPIN_BELOW_NANOS} ns up it parks
 * ({@code LockSupport.parkNanos}), leaving the CPU to the receiver: a park oversleeps by 50–100 µs on Linux, which
 * does not matter at 1 ms. Below that (the warm 20 µs rate) a park would oversleep the whole interval several times,
 * so the pacer busy-waits on {@code System.nanoTime()} with {@link Thread#onSpinWait()}: the sender then holds a core
 * while it paces, which on a 2-core machine leaves the receiver one core.
 *
 * <p>An optional warm-up phase: the first {@code warmupMessages} go every {@code warmupIntervalNanos}, the rest
 * every {@code intervalNanos} (the scaling and idle runs warm the node JVMs up faster than they measure).
 */
final class Pacer {

    /** Intervals below this are waited for by spinning, at or above it by parking. */
    static final long SPIN_BELOW_NANOS = 200_000;

    private final long intervalNanos;
    private final long warmupIntervalNanos;
    private final long warmupMessages;
    private long sent;
    private long next;

    Pacer(long intervalNanos) {
        this(intervalNanos, intervalNanos, 0);
    }

    Pacer(long intervalNanos, long warmupIntervalNanos, long warmupMessages) {
        this.intervalNanos = intervalNanos;
        this.warmupIntervalNanos = warmupIntervalNanos;
        this.warmupMessages = warmupMessages;
        this.next = System.nanoTime() + current();
    }

    /** A pacer for {@code spec}: its warm-up at {@link RunSpec#warmupIntervalNanos()}, the rest at its interval. */
    static Pacer of(RunSpec spec) {
        return new Pacer(spec.intervalNanos(), spec.warmupIntervalNanos(), spec.warmup());
    }

    private long current() {
        return sent < warmupMessages ? warmupIntervalNanos : intervalNanos;
    }

    /** Returns when the next message is due. */
    void await() {
        long interval = current();
        sent++;
        if (interval == 0) {
            next = System.nanoTime() + current();
            return;
        }
        long now = System.nanoTime();
        if (interval < SPIN_BELOW_NANOS) {
            while (now < next) {
                Thread.onSpinWait();
                now = System.nanoTime();
            }
        } else {
            while (now < next) {
                LockSupport.parkNanos(next - now);
                now = System.nanoTime();
            }
        }
        long following = current();
        next = next + following > now ? next + following : now + following;
    }
}
