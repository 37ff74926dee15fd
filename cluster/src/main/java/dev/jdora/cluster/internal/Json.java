package dev.jdora.cluster.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The control plane's one JSON mapper (Jackson, records as they are). Thread-safe. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new Jdk8Module()); // OptionalLong in the statistics jdora top reads across machines

    private Json() {
    }

    /** {@code value} as JSON bytes. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code json} read as a {@code type}; IOException if it is not one. */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    /** {@code json} read as a list of {@code type}. */
    public static <T> java.util.List<T> readList(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, MAPPER.getTypeFactory().constructCollectionType(java.util.List.class, type));
    }
}
