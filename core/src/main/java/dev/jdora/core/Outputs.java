package dev.jdora.core;

import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.ValueVector;

/**
 * Where a node or an operator sends data: the outputs declared under {@code outputs:} in YAML.
 *
 * <p><b>Ownership.</b> {@code send} borrows {@code data}: it copies what it needs before returning, and the caller
 * still owns (and closes) the vector. The convenience methods build, send and close a vector themselves.
 *
 * <p><b>Threads and blocking.</b> Thread-safe. {@code send} blocks while an input with {@code queue_policy:
 * backpressure} is {@code queue_size} messages behind; it never blocks for {@code drop_oldest} inputs. If the
 * calling thread is interrupted while blocked, the interrupt flag is kept and {@link java.util.concurrent
 * .CancellationException} is thrown.
 *
 * <p><b>Errors.</b> Every {@code send} throws {@link IllegalArgumentException} if the output is not declared in
 * YAML and {@link IllegalStateException} once the node has ended, both naming the node and the output.
 */
public interface Outputs {

    /** Sends {@code data} on {@code outputId}, stamped with the node's clock. */
    default void send(String outputId, ValueVector data) {
        send(outputId, data, Map.of());
    }

    /** Sends {@code data} with user parameters (see {@link Metadata} for the allowed types). */
    void send(String outputId, ValueVector data, Map<String, Object> parameters);

    /**
     * Lends a buffer of {@code length} bytes for one message on {@code outputId}, to fill and then
     * {@linkplain OutputBuffer#send() send} without a copy (see {@link OutputBuffer} for ownership). Across processes
     * the buffer lies in the output's shared-memory payload ring; a transport that cannot lend memory allocates it
     * from the node's allocator and copies it once on send.
     *
     * <p>Blocks, like {@code send}, while the payload ring has no room because readers still hold earlier messages.
     *
     * @throws IllegalArgumentException if the output is not declared, or {@code length} is negative or larger than
     *                                  the transport carries (naming node, output, size and limit)
     * @throws IllegalStateException    once the node has ended, or when the room needed is held by a buffer of this
     *                                  output that was allocated but neither sent nor closed (waiting would never end)
     */
    OutputBuffer allocate(String outputId, long length);

    /** Sends a {@code uint8} array holding {@code bytes}. */
    default void sendBytes(String outputId, byte[] bytes) {
        try (var v = Data.bytes(bytes)) {
            send(outputId, v);
        }
    }

    /** Sends a one-element UTF-8 string array. */
    default void sendString(String outputId, String text) {
        try (var v = Data.utf8(text)) {
            send(outputId, v);
        }
    }

    /** Sends an {@code int64} array. */
    default void sendLongs(String outputId, long... values) {
        try (var v = Data.longs(values)) {
            send(outputId, v);
        }
    }

    /** Sends a {@code float64} array. */
    default void sendDoubles(String outputId, double... values) {
        try (var v = Data.doubles(values)) {
            send(outputId, v);
        }
    }

    /** The output ids declared in YAML. */
    Set<String> outputIds();
}
