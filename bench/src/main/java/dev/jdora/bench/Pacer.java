package dev.jdora.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a sender at a fixed interval by parking (it never spins, so it leaves the CPU to the receiver). A sender that
 * fell behind starts a new interval from now instead of sending a catch-up burst, so runs measure latency and not
 * queueing. An interval of 0 sends back to back.
 */
final class Pacer {

    private final long intervalNanos;
    private long next;

    Pacer(long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.next = System.nanoTime() + intervalNanos;
    }

    void await() {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        while (now < next) {
            LockSupport.parkNanos(next - now);
            now = System.nanoTime();
        }
        next = next + intervalNanos > now ? next + intervalNanos : now + intervalNanos;
    }
}
