package dev.jdora.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What travels with each message besides its data: the producer's {@link Timestamp}, stamped at send by the
 * producer's {@link HybridLogicalClock}, and user parameters.
 *
 * <p>Parameter values are {@code Boolean}, {@code Long}, {@code Double}, {@code String}, or a {@code List} of one of
 * those; {@code Integer}, {@code Short}, {@code Byte} and {@code Float} are widened on construction. Anything else is
 * rejected with {@link IllegalArgumentException} naming the key. Immutable.
 *
 * @param timestamp  when the producer sent it
 * @param parameters user parameters, in insertion order
 */
public record Metadata(Timestamp timestamp, Map<String, Object> parameters) {

    public Metadata {
        parameters = normalize(parameters);
    }

    /** Metadata with no parameters. */
    public static Metadata of(Timestamp timestamp) {
        return new Metadata(timestamp, Map.of());
    }

    /** A boolean, long, double or string parameter, if present with that type. */
    public <T> Optional<T> parameter(String key, Class<T> type) {
        Object value = parameters.get(key);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    private static Map<String, Object> normalize(Map<String, Object> in) {
        if (in.isEmpty()) {
            return Map.of();
        }
        if (in.size() == 1) { // the common case (a stamp, a frame number): one small immutable map, no copy of a table
            Map.Entry<String, Object> only = in.entrySet().iterator().next();
            String key = only.getKey();
            if (key != null) {
                return Map.of(key, normalizeValue(key, only.getValue(), true));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((key, value) -> out.put(key, normalizeValue(key, value, true)));
        return Collections.unmodifiableMap(out);
    }

    private static Object normalizeValue(String key, @Nullable Object value, boolean listAllowed) {
        if (value == null) {
            throw new IllegalArgumentException("parameter '" + key + "': null is not a parameter value");
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Double || value instanceof String) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (listAllowed && value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            Class<?> elementType = null;
            for (Object element : list) {
                Object normalized = normalizeValue(key, element, false);
                if (elementType != null && elementType != normalized.getClass()) {
                    throw new IllegalArgumentException("parameter '" + key + "': a list must hold one type, found "
                            + elementType.getSimpleName() + " and " + normalized.getClass().getSimpleName());
                }
                elementType = normalized.getClass();
                copy.add(normalized);
            }
            return List.copyOf(copy);
        }
        throw new IllegalArgumentException("parameter '" + key + "': unsupported type "
                + value.getClass().getName() + " (use boolean, long, double, string or a list of one of those)");
    }
}
