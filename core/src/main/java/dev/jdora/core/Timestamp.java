package dev.jdora.core;

import java.time.Instant;

/**
 * A hybrid-logical-clock timestamp: wall-clock nanoseconds plus a logical counter that orders events stamped in the
 * same nanosecond or by a clock that lags behind a timestamp it has seen. Comparable across nodes of one machine.
 *
 * @param nanos   nanoseconds since the epoch (physical part)
 * @param counter logical part, 0 unless needed to keep order
 */
public record Timestamp(long nanos, int counter) implements Comparable<Timestamp> {

    /** The smallest timestamp. */
    public static final Timestamp ZERO = new Timestamp(0, 0);

    @Override
    public int compareTo(Timestamp o) {
        int c = Long.compare(nanos, o.nanos);
        return c != 0 ? c : Integer.compare(counter, o.counter);
    }

    /** The physical part as an {@link Instant}. */
    public Instant toInstant() {
        return Instant.ofEpochSecond(0, nanos);
    }
}
