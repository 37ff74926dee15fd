package dev.jdora.runtime.stats;

import java.util.OptionalLong;

/** The live counters of one input (see {@link RunStatistics}). Any thread; each call reads the counter now. */
public interface InputCounters {

    /** Messages the node took from this input. */
    long received();

    /** Messages dropped by {@code drop_oldest}, or left unread when the input closed. */
    long dropped();

    /**
     * Messages sent to this input and not yet received or dropped: what its source output sent minus
     * {@link #received()} and {@link #dropped()}. Empty for a timer input (timers keep no counters).
     */
    OptionalLong queueDepth();

    /** The sum of the latencies of every received message, in nanoseconds (with {@link #received()}: the mean). */
    long latencyTotalNanos();

    /** The latency distribution so far. */
    Latency latency();
}
