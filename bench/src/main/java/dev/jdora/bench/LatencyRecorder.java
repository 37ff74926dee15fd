package dev.jdora.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Records send → receive latencies of one run: ignores the first {@code warmup} messages, keeps the next
 * {@code count} in an HdrHistogram (3 significant digits, up to 60 s). Single-threaded; allocates nothing per
 * message.
 */
public final class LatencyRecorder {

    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final int warmup;
    private final long total;
    private long seen;
    private long firstRecorded;
    private long lastRecorded;

    /** A recorder for {@code spec}. */
    public LatencyRecorder(RunSpec spec) {
        this.warmup = spec.warmup();
        this.total = spec.total();
    }

    /**
     * Counts one message received at {@code receivedNanos} that was sent at {@code sentNanos}.
     *
     * @return true once every message of the run has been seen
     */
    public boolean record(long sentNanos, long receivedNanos) {
        if (seen >= warmup) {
            long latency = Math.max(0, receivedNanos - sentNanos);
            histogram.recordValue(Math.min(latency, histogram.getHighestTrackableValue()));
            if (seen == warmup) {
                firstRecorded = receivedNanos;
            }
            lastRecorded = receivedNanos;
        }
        seen++;
        return seen >= total;
    }

    /** True once every message of the run has been seen. */
    public boolean done() {
        return seen >= total;
    }

    /** Messages seen so far, warm-up included. */
    public long seen() {
        return seen;
    }

    /** The figures so far. */
    public Result result() {
        return new Result(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
                lastRecorded - firstRecorded);
    }
}
