package dev.jdora.reactor;

import dev.jdora.core.Metadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.ValueVector;

/**
 * One message to send with {@link ReactorNode#sendAll}: the output, the data and user parameters.
 *
 * <p><b>Ownership.</b> An {@code Output} owns its {@code data}: handing it to {@code sendAll} hands the data over
 * (it is closed after sending, or when discarded). {@link #close()} releases the data of an {@code Output} you
 * decide not to send. Immutable; may be passed between threads.
 *
 * <pre>{@code
 * Output.of("greeting", Data.utf8(allocator, "hello"), Map.of("lang", "en"))
 * }</pre>
 *
 * @param outputId   an output id declared under {@code outputs:} in YAML
 * @param data       the Arrow array to send
 * @param parameters user parameters, in insertion order (see {@link Metadata} for the allowed types)
 */
public record Output(String outputId, ValueVector data, Map<String, Object> parameters) implements AutoCloseable {

    public Output {
        parameters = parameters.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** An output without parameters. */
    public static Output of(String outputId, ValueVector data) {
        return new Output(outputId, data, Map.of());
    }

    /** An output with parameters. */
    public static Output of(String outputId, ValueVector data, Map<String, Object> parameters) {
        return new Output(outputId, data, parameters);
    }

    /** Releases the data. Idempotent. */
    @Override
    public void close() {
        data.close();
    }
}
