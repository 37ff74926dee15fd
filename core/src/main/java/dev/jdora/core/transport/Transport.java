package dev.jdora.core.transport;

/**
 * Moves Arrow messages from one writer to many readers on one machine. Implementations are found with
 * {@link java.util.ServiceLoader} through {@link TransportProvider}; {@code injvm} is the reference implementation
 * and the shared-memory one is the default across processes.
 *
 * <p><b>Threads.</b> Thread-safe. {@link #close()} releases every channel; readers and writers must not be used after.
 */
public interface Transport extends AutoCloseable {

    /** Creates the single writer of {@code channel}. */
    OutputWriter createOutput(ChannelId channel);

    /**
     * Subscribes one input to {@code channel}, which must have been created.
     *
     * @param onAvailable called (on the writer's thread, quickly, never blocking) after a message is queued or the
     *                    channel ends, to wake the consumer
     */
    InputReader subscribe(ChannelId channel, InputOptions options, Runnable onAvailable);

    /** Releases everything. Idempotent. */
    @Override
    void close();
}
