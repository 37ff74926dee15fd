package dev.jdora.core.dataflow;

import java.time.Duration;
import java.util.Optional;

/**
 * One input of a node, after validation.
 *
 * @param id           the input id (the key under {@code inputs:})
 * @param source       where its data comes from
 * @param queueSize    how many messages may wait (default 10, at least 1)
 * @param queuePolicy  what happens when more would wait
 * @param inputTimeout no data for this long closes the input; empty for never
 * @param location     where the input's source is written (the {@code node/output} or timer text)
 */
public record InputSpec(
        String id,
        InputSource source,
        int queueSize,
        QueuePolicy queuePolicy,
        Optional<Duration> inputTimeout,
        SourceLocation location) {

    /** The default {@code queue_size}. */
    public static final int DEFAULT_QUEUE_SIZE = 10;
}
