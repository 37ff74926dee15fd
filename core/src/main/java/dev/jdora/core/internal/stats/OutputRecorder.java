package dev.jdora.core.internal.stats;

/** Writes one output's counters: called only by the thread that holds the output's monitor while it sends. */
public final class OutputRecorder {

    private final NodeStats stats;
    private final int offset;

    OutputRecorder(NodeStats stats, int offset) {
        this.stats = stats;
        this.offset = offset;
    }

    /** One message of {@code bytes} bytes sent. */
    public void sent(long bytes) {
        stats.add(offset + StatsLayout.SENT, 1);
        stats.add(offset + StatsLayout.BYTES, bytes);
    }
}
