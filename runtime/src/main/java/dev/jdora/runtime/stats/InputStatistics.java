package dev.jdora.runtime.stats;

import java.util.OptionalLong;

/**
 * A snapshot of one input's statistics (see {@link InputCounters} for each value).
 *
 * @param inputId     the input id ({@code operator/input} for an operator's)
 * @param source      where it reads from: {@code node/output} or the timer
 * @param queuePolicy its {@code queue_policy} as written in YAML
 */
public record InputStatistics(String inputId, String source, String queuePolicy, long received, long dropped,
                              OptionalLong queueDepth, Latency latency) {
}
