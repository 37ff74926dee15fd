package dev.jdora.core.transport;

import dev.jdora.core.Metadata;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A buffer a writer lends for one message ({@link OutputWriter#allocate}): the sender fills {@link #buffer()} and
 * {@linkplain #send publishes} it as a {@code uint8} array of {@link #length()} values, or {@linkplain #close()
 * closes} it to give it back unsent. A transport that can places the buffer where its readers read from (the
 * shared-memory transport: in the output's payload ring), so that the send copies nothing.
 *
 * <p><b>Ownership.</b> The caller owns it from {@code allocate} until {@code send} or {@code close}, whichever comes
 * first; after either, {@code buffer()} must not be used: after {@code close} or a failed {@code send} its reference
 * count is zero (a checked access throws); after {@code send} its memory is the readers' (a transport in one JVM
 * may share the very same memory with them, read-only by contract).
 * {@code close()} after {@code send} does nothing, so {@code try (SendBuffer b = writer.allocate(...))} is the
 * normal form.
 *
 * <p><b>Threads.</b> Fill it from any one thread at a time; {@code send} and {@code close} may be called from any
 * thread, once. {@code send} blocks as {@link OutputWriter#send} does.
 */
public interface SendBuffer extends AutoCloseable {

    /** The bytes to fill: {@link #length()} of them, starting at index 0, zero or stale until written. */
    ArrowBuf buffer();

    /** How many bytes are sent. */
    long length();

    /**
     * Publishes the buffer to every reader as a {@code uint8} array with no nulls, and ends the caller's ownership
     * (also when it throws).
     *
     * @throws InterruptedException   if interrupted while waiting for a lossless reader
     * @throws ChannelClosedException if the writer or its channel is closed
     * @throws IllegalStateException  if the buffer was already sent or closed
     */
    void send(Metadata metadata) throws InterruptedException;

    /** Gives the buffer back unsent. Idempotent; does nothing after {@link #send}. */
    @Override
    void close();
}
