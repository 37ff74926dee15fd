package dev.jdora.testkit;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/** Deadline-bounded joins; an interrupt of the waiting thread is kept and reported as cancellation. */
final class Joins {

    private Joins() {
    }

    /** A deadline {@code timeoutNanos} from now, saturated so that huge timeouts do not overflow. */
    static long deadline(long timeoutNanos) {
        return System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
    }

    /** Joins {@code thread} until {@code deadlineNanos}; true if it has ended. */
    static boolean join(Thread thread, long deadlineNanos) {
        if (thread == Thread.currentThread()) {
            return !thread.isAlive();
        }
        try {
            long left = deadlineNanos - System.nanoTime();
            while (thread.isAlive() && left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
                left = deadlineNanos - System.nanoTime();
            }
            return !thread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for thread " + thread.getName());
        }
    }
}
