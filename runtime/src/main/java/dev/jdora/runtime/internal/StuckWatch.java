package dev.jdora.runtime.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * {@code health_check_timeout}: a node is stuck when it has read nothing for that long while messages waited for it.
 * Fed with samples of the node's progress (the sum of its inputs' read positions) and whether any input has unread
 * messages; says once the timeout has passed with no progress and messages waiting all along. A node with nothing to
 * read is never stuck, however long it waits. Pure logic on the clock it is given. Not thread-safe.
 */
final class StuckWatch {

    private final long timeoutNanos;
    private final LongSupplier clock;
    private long lastProgress = -1;
    private long since;

    StuckWatch(Duration timeout, LongSupplier clock) {
        this.timeoutNanos = timeout.toNanos();
        this.clock = clock;
        this.since = clock.getAsLong();
    }

    /** True if the node is stuck: no progress, and messages waiting, for the whole timeout. */
    boolean stuck(long progress, boolean waiting) {
        long now = clock.getAsLong();
        if (progress != lastProgress || !waiting) {
            lastProgress = progress;
            since = now;
            return false;
        }
        return now - since >= timeoutNanos;
    }

    /** A new process of the node: it starts with a full timeout. */
    void reset() {
        lastProgress = -1;
        since = clock.getAsLong();
    }
}
