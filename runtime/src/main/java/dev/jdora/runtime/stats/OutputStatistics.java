package dev.jdora.runtime.stats;

/**
 * A snapshot of one output's statistics.
 *
 * @param outputId the output id ({@code operator/output} for an operator's)
 * @param sent     messages sent
 * @param bytes    bytes sent (Arrow buffers)
 */
public record OutputStatistics(String outputId, long sent, long bytes) {
}
