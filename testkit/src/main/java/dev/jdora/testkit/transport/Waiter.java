package dev.jdora.testkit.transport;

import dev.jdora.core.transport.InputReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How one consuming thread waits for its readers to make progress, as a node does: if every watched reader calls
 * {@code onAvailable}, it waits on that callback; if any {@linkplain InputReader#needsPolling() needs polling}, it
 * spins and yields for a few rounds, then {@linkplain InputReader#armWakeup() arms} every watched reader and waits on
 * the callback (so every scenario also checks that a writer wakes a sleeping reader). Either way it never waits past
 * a deadline.
 *
 * <p>Use: take a {@link #mark()}, poll the readers, and if nothing came, {@link #idle} with that mark, so a wake-up
 * that lands between the poll and the wait is not lost. Confined to the consuming thread, except
 * {@link #onAvailable()}, which any thread may run.
 */
final class Waiter {

    private static final int SPINS = 100;
    private static final int YIELDS = 20;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Wakeup wakeup = new Wakeup();
    private final List<InputReader> watched = new ArrayList<>();
    private boolean polled;
    private int idleRounds;

    /** The callback to pass to {@code Transport.subscribe}. */
    Runnable onAvailable() {
        return wakeup;
    }

    /** Takes {@code reader} into account: if it needs polling, this waiter polls. */
    void watch(InputReader reader) {
        polled |= reader.needsPolling();
        watched.add(reader);
    }

    /** The wake-ups seen so far; take it before polling. */
    long mark() {
        return wakeup.count();
    }

    /** Something was read: the next idle round starts from spinning again. */
    void progressed() {
        idleRounds = 0;
    }

    /** Waits for a wake-up after {@code mark} (or one backoff step if polled), at most until the deadline. */
    void idle(long mark, long deadlineNanos) throws InterruptedException {
        if (!polled) {
            wakeup.awaitAfter(mark, deadlineNanos);
        } else if (idleRounds < SPINS + YIELDS) {
            backoff(idleRounds++, deadlineNanos);
        } else if (armAll()) {
            try {
                wakeup.awaitAfter(mark, deadlineNanos);
            } finally {
                watched.forEach(InputReader::disarmWakeup);
            }
        }
    }

    /** Arms every watched reader; false (none left armed) if one has something already. */
    private boolean armAll() {
        for (int i = 0; i < watched.size(); i++) {
            if (!watched.get(i).armWakeup()) {
                watched.subList(0, i).forEach(InputReader::disarmWakeup);
                return false;
            }
        }
        return true;
    }

    /** One step of a spin, yield, park backoff for idle round {@code round}, never parking past the deadline. */
    static void backoff(int round, long deadlineNanos) throws InterruptedException {
        if (round < SPINS) {
            Thread.onSpinWait();
        } else if (round < SPINS + YIELDS) {
            Thread.yield();
        } else {
            long step = Math.min(MAX_PARK_NANOS, 1_000L << Math.min(round - SPINS - YIELDS, 10));
            LockSupport.parkNanos(Math.max(0, Math.min(step, deadlineNanos - System.nanoTime())));
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting");
        }
    }

    /** Counts {@code onAvailable} calls; a waiting thread waits for the count to change. */
    private static final class Wakeup implements Runnable {
        private long count;

        @Override
        public synchronized void run() {
            count++;
            notifyAll();
        }

        synchronized long count() {
            return count;
        }

        synchronized void awaitAfter(long seen, long deadlineNanos) throws InterruptedException {
            long left = deadlineNanos - System.nanoTime();
            while (count == seen && left > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
                left = deadlineNanos - System.nanoTime();
            }
        }
    }
}
