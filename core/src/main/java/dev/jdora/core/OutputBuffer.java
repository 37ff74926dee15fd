package dev.jdora.core;

import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A buffer for one message on one output, lent by the transport ({@link Outputs#allocate}): fill it, then
 * {@link #send()} it. Across processes it lies in the output's shared-memory payload ring, so sending copies nothing
 * and readers read it in place; between nodes in one JVM it is handed to the readers as it is. This is dora's
 * {@code send_output_raw}.
 *
 * <pre>{@code
 * try (OutputBuffer frame = node.allocate("image", width * height * 3)) {
 *     camera.readInto(frame.buffer().memoryAddress(), frame.length());   // or frame.buffer().setBytes(...)
 *     frame.send();                                                      // a uint8 array of length() values
 * }                                                                      // close() after send() does nothing
 * }</pre>
 *
 * <p><b>Ownership.</b> The caller owns the buffer from {@code allocate} until {@code send} or {@code close}, and must
 * do one of the two promptly: an unsent buffer holds its room in the payload ring, and later large messages of the
 * same output wait behind it (or fail, when nothing else can free the room: see {@link Outputs#allocate}). After
 * {@code send} or {@code close} the {@link ArrowBuf} must not be used: its memory belongs to the readers (in one JVM
 * they share that very memory) or is reused; across processes its reference count is then zero, so a checked access
 * throws. Do not close or retain the {@code ArrowBuf} itself.
 * Readers get the data as any other input (read-only, valid until they close it).
 *
 * <p><b>Threads and blocking.</b> Fill it from one thread at a time; {@code send} and {@code close} may be called
 * from any thread. {@code send} blocks as {@link Outputs#send} does; on interruption it throws
 * {@link java.util.concurrent.CancellationException} with the interrupt flag kept.
 */
public interface OutputBuffer extends AutoCloseable {

    /** The output this buffer is sent on. */
    String outputId();

    /** The bytes to fill, indexes {@code 0 .. length()-1}; their content is undefined until written. */
    ArrowBuf buffer();

    /** How many bytes {@link #send()} publishes. */
    long length();

    /** Sends the buffer as a {@code uint8} array, stamped with the node's clock. */
    default void send() {
        send(Map.of());
    }

    /**
     * Sends the buffer with user parameters (see {@link Metadata}). Ends the caller's ownership, also if it throws.
     *
     * @throws IllegalStateException if the buffer was already sent or closed, or the node has ended
     */
    void send(Map<String, Object> parameters);

    /** Gives the buffer back unsent; does nothing after {@link #send()}. Idempotent. */
    @Override
    void close();
}
