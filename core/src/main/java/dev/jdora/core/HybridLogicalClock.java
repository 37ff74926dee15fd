package dev.jdora.core;

import java.time.Clock;
import java.time.Instant;

/**
 * A hybrid logical clock (Kulkarni et al.): {@link #now()} is strictly increasing per clock, never behind the wall
 * clock, and never behind any timestamp passed to {@link #update(Timestamp)}. Each node owns one: it stamps what the
 * node sends and merges what it receives, so a reply is always stamped after the message it answers.
 *
 * <p>Thread-safe; never blocks for longer than a few field updates (one short lock). Its state is two primitives:
 * {@link #update(long, int)} allocates nothing, {@link #now()} only the {@link Timestamp} it returns.
 */
public final class HybridLogicalClock {

    private final Clock wallClock;
    private long lastNanos;
    private int lastCounter;

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
        synchronized (this) {
            advance(physical);
            return new Timestamp(lastNanos, lastCounter);
        }
    }

    /**
     * As {@link #now()}, handing the two parts of the new timestamp to {@code consumer} instead of allocating a
     * {@link Timestamp}: the consumer runs on this thread once the clock has advanced, outside the clock's lock (it may
     * block).
     */
    public void now(TimestampConsumer consumer) throws InterruptedException {
        long physical = physicalNanos();
        long nanos;
        int counter;
        synchronized (this) {
            advance(physical);
            nanos = lastNanos;
            counter = lastCounter;
        }
        consumer.accept(nanos, counter);
    }

    /** One tick, under the lock. */
    private void advance(long physical) {
        if (physical > lastNanos) {
            lastNanos = physical;
            lastCounter = 0;
        } else {
            lastCounter++;
        }
    }

    /** Receives a timestamp as its two parts (see {@link #now(TimestampConsumer)}). */
    @FunctionalInterface
    public interface TimestampConsumer {
        /**
         * @param nanos   the physical part, nanoseconds since the epoch
         * @param counter the logical part
         */
        void accept(long nanos, int counter) throws InterruptedException;
    }

    /** Merges a received timestamp so that later {@link #now()} calls are after it. */
    public void update(Timestamp remote) {
        update(remote.nanos(), remote.counter());
    }

    /** As {@link #update(Timestamp)}, from the two parts of a timestamp; allocates nothing. */
    public void update(long remoteNanos, int remoteCounter) {
        long physical = physicalNanos();
        synchronized (this) {
            long max = Math.max(physical, Math.max(lastNanos, remoteNanos));
            int counter;
            if (max == lastNanos && max == remoteNanos) {
                counter = Math.max(lastCounter, remoteCounter) + 1;
            } else if (max == lastNanos) {
                counter = lastCounter + 1;
            } else if (max == remoteNanos) {
                counter = remoteCounter + 1;
            } else {
                counter = 0;
            }
            lastNanos = max;
            lastCounter = counter;
        }
    }

    private long physicalNanos() {
        Instant now = wallClock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
