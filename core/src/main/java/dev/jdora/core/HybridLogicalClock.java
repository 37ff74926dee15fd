package dev.jdora.core;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A hybrid logical clock (Kulkarni et al.): {@link #now()} is strictly increasing per clock, never behind the wall
 * clock, and never behind any timestamp passed to {@link #update(Timestamp)}. Each node owns one: it stamps what the
 * node sends and merges what it receives, so a reply is always stamped after the message it answers.
 *
 * <p>Thread-safe and lock-free; never blocks.
 */
public final class HybridLogicalClock {

    private final Clock wallClock;
    private final AtomicReference<Timestamp> last = new AtomicReference<>(Timestamp.ZERO);

    /** A clock over the system wall clock. */
    public HybridLogicalClock() {
        this(Clock.systemUTC());
    }

    /** A clock over the given wall clock (tests). */
    public HybridLogicalClock(Clock wallClock) {
        this.wallClock = wallClock;
    }

    /** A new timestamp, greater than every timestamp this clock returned or merged before. */
    public Timestamp now() {
        long physical = physicalNanos();
        return last.updateAndGet(prev -> physical > prev.nanos()
                ? new Timestamp(physical, 0)
                : new Timestamp(prev.nanos(), prev.counter() + 1));
    }

    /** Merges a received timestamp so that later {@link #now()} calls are after it. */
    public void update(Timestamp remote) {
        long physical = physicalNanos();
        last.updateAndGet(prev -> {
            long max = Math.max(physical, Math.max(prev.nanos(), remote.nanos()));
            int counter;
            if (max == prev.nanos() && max == remote.nanos()) {
                counter = Math.max(prev.counter(), remote.counter()) + 1;
            } else if (max == prev.nanos()) {
                counter = prev.counter() + 1;
            } else if (max == remote.nanos()) {
                counter = remote.counter() + 1;
            } else {
                counter = 0;
            }
            return new Timestamp(max, counter);
        });
    }

    private long physicalNanos() {
        Instant now = wallClock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
