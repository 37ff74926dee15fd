package dev.jdora.core.transport;

import dev.jdora.core.Metadata;
import org.apache.arrow.vector.ValueVector;

/**
 * The single writer of one channel.
 *
 * <p><b>Threads and blocking.</b> {@link #send} may be called from any thread, one call at a time per writer (the
 * node API serializes calls). It blocks while a {@code BACKPRESSURE} reader is {@code queueSize} messages behind.
 */
public interface OutputWriter extends AutoCloseable {

    /**
     * Publishes a copy of {@code data} to every subscribed reader. The caller keeps ownership of {@code data}.
     *
     * @throws InterruptedException if interrupted while waiting for a lossless reader
     * @throws IllegalStateException if the writer is closed
     */
    void send(ValueVector data, Metadata metadata) throws InterruptedException;

    /** Ends the channel normally: readers see its end after the messages already sent. Idempotent. */
    @Override
    void close();

    /** Ends the channel because its node failed: readers see the failure after the messages already sent. */
    void fail(String error);
}
