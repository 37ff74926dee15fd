package dev.jdora.runtime.stats;

/**
 * Send-to-delivery latency of one input: from the sender's timestamp to the moment the node took the message. The
 * percentiles come from a histogram with 8 buckets per power of two: within 12.5 % of the true value, and never above
 * the maximum.
 *
 * @param count      messages measured
 * @param totalNanos the sum of their latencies
 * @param maxNanos   the largest
 * @param p50Nanos   the median (0 when nothing was measured)
 * @param p99Nanos   the 99th percentile (0 when nothing was measured)
 */
public record Latency(long count, long totalNanos, long maxNanos, long p50Nanos, long p99Nanos) {

    /** The mean in nanoseconds, 0 when nothing was measured. */
    public double meanNanos() {
        return count == 0 ? 0 : (double) totalNanos / count;
    }
}
