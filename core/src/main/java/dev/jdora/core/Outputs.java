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
