package dev.jdora.core.internal.stats;

import java.time.Clock;
import java.time.Instant;

/**
 * Writes one input's counters: called by the one thread that polls the input's reader. Allocates nothing (the
 * {@code Instant} of the wall-clock read does not escape).
 */
public final class InputRecorder {

    private static final Clock WALL = Clock.systemUTC();

    private final NodeStats stats;
    private final int offset;
    private long max;

    InputRecorder(NodeStats stats, int offset) {
        this.stats = stats;
        this.offset = offset;
        this.max = stats.get(offset + StatsLayout.LATENCY_MAX);
    }

    /** One message received, sent at {@code sentNanos} (nanoseconds since the epoch, the sender's timestamp). */
    public void received(long sentNanos) {
        Instant now = WALL.instant();
        long latency = Math.max(0, now.getEpochSecond() * 1_000_000_000L + now.getNano() - sentNanos);
        stats.add(offset + StatsLayout.RECEIVED, 1);
        stats.add(offset + StatsLayout.FIRST_BUCKET + 8 * StatsLayout.bucket(latency), 1);
        stats.add(offset + StatsLayout.LATENCY_SUM, latency);
        if (latency > max) {
            max = latency;
            stats.set(offset + StatsLayout.LATENCY_MAX, latency);
        }
    }

    /** The input's drop count so far (as its reader counts it). */
    public void dropped(long total) {
        stats.set(offset + StatsLayout.DROPPED, total);
    }
}
