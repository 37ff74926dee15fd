package dev.jdora.runtime.stats;

/** The live counters of one output (see {@link RunStatistics}). Any thread; each call reads the counter now. */
public interface OutputCounters {

    /** Messages sent on this output. */
    long sent();

    /** Bytes sent on this output: the size of the Arrow buffers of each message. */
    long bytes();
}
