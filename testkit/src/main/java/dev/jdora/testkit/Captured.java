package dev.jdora.testkit;

import dev.jdora.core.Data;
import dev.jdora.core.Metadata;
import java.util.List;
import org.apache.arrow.vector.ValueVector;

/**
 * One message a node under test sent on one of its outputs, captured by {@link NodeTestHarness}.
 *
 * <p><b>Ownership.</b> {@code data} is the harness's own copy, independent of the node. The harness releases it in
 * {@link NodeTestHarness#close()}; read it before then, or call {@link #close()} to release it earlier (idempotent).
 * Readers ({@link #string()}, {@link #longs()}, …) copy out and may be called from any thread.
 *
 * @param outputId the output it was sent on
 * @param data     the Arrow array as sent
 * @param metadata the node's timestamp and parameters
 */
public record Captured(String outputId, ValueVector data, Metadata metadata) implements AutoCloseable {

    /** The first element of a UTF-8 string array. */
    public String string() {
        return Data.string(data);
    }

    /** Every element of a UTF-8 string array. */
    public List<String> strings() {
        return Data.strings(data);
    }

    /** The elements of an {@code int64} or {@code int32} array. */
    public long[] longs() {
        return Data.toLongs(data);
    }

    /** The elements of a {@code float64} or {@code float32} array. */
    public double[] doubles() {
        return Data.toDoubles(data);
    }

    /** The bytes of a {@code uint8}, {@code int8} or binary array. */
    public byte[] bytes() {
        return Data.toBytes(data);
    }

    /** Releases the data now instead of at {@link NodeTestHarness#close()}. Idempotent. */
    @Override
    public void close() {
        data.close();
    }

    @Override
    public String toString() {
        return "Captured[" + outputId + ": " + data + ", " + metadata.parameters() + "]";
    }
}
