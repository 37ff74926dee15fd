package dev.jdora.core.transport;

import dev.jdora.core.dataflow.QueuePolicy;

/**
 * How one subscribed input queues what it has not read yet.
 *
 * @param queueSize   at least 1
 * @param queuePolicy {@code DROP_OLDEST} (lossy, never slows the writer) or {@code BACKPRESSURE} (lossless)
 */
public record InputOptions(int queueSize, QueuePolicy queuePolicy) {
    public InputOptions {
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be at least 1, was " + queueSize);
        }
    }
}
