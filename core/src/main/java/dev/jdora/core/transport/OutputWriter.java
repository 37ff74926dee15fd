package dev.jdora.core.transport;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import java.util.Map;
import dev.jdora.core.internal.AllocatedSendBuffer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;

/**
 * The single writer of one channel.
 *
 * <p><b>Threads and blocking.</b> Thread-safe: {@link #send}, {@link #close()} and {@link #fail} may be called from any
 * thread, and a writer is often used by several (a timer pool, the threads of a node). Concurrent sends are serialized
 * by the writer: each message is published whole and every reader sees the sends in the same order. {@code send}
 * blocks while a {@code BACKPRESSURE} reader is {@code queueSize} messages behind; {@code close} and {@code fail}
 * never wait for a slow reader (a send still waiting then may fail with {@link ChannelClosedException}). A transport
 * whose resources are confined to one thread (Chronicle's appenders are) confines them behind this serialization,
 * never to the first thread that sent.
 */
public interface OutputWriter extends AutoCloseable {

    /**
     * Publishes a copy of {@code data} to every subscribed reader. The caller keeps ownership of {@code data}.
     *
     * @throws InterruptedException if interrupted while waiting for a lossless reader or for another send
     * @throws ChannelClosedException if the writer or its channel is closed (the message names the channel and says
     *                                 why); any other exception is a failure of the transport, not an end
     */
    void send(ValueVector data, Metadata metadata) throws InterruptedException;

    /**
     * As {@link #send(ValueVector, Metadata)}, with the metadata as its parts, so that a transport that encodes them
     * need not build a {@link Metadata} per message (the default does build one).
     *
     * @param parameters normalized as {@link Metadata} requires them ({@code Map.of()} when there are none)
     */
    default void send(ValueVector data, long timestampNanos, int timestampCounter, Map<String, Object> parameters)
            throws InterruptedException {
        send(data, new Metadata(new Timestamp(timestampNanos, timestampCounter), parameters));
    }

    /**
     * Lends a buffer of {@code length} bytes for one message, to be filled and then {@linkplain SendBuffer#send sent}
     * without a copy where the transport can (see {@link SendBuffer} for ownership). The default allocates from
     * {@code allocator} and sends through {@link #send} (one copy), so every transport supports it.
     *
     * <p>May block (interruptibly) while the transport has no room, as {@code send} does.
     *
     * @param allocator where a transport that cannot lend its own memory allocates the buffer (the node's)
     * @throws IllegalArgumentException if {@code length} is negative or larger than the transport carries
     * @throws ChannelClosedException   if the writer or its channel is closed
     * @throws InterruptedException     if interrupted while waiting for room
     */
    default SendBuffer allocate(long length, BufferAllocator allocator) throws InterruptedException {
        return new AllocatedSendBuffer(allocator::buffer, length, (data, rows, metadata) -> {
            try (var vector = AllocatedSendBuffer.bytesOver(allocator, data, rows)) {
                send(vector, metadata);
            }
        });
    }

    /** Ends the channel normally: readers see its end after the messages already sent. Idempotent. */
    @Override
    void close();

    /** Ends the channel because its node failed: readers see the failure after the messages already sent. */
    void fail(String error);
}
