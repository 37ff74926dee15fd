package dev.jdora.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdora.core.Metadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.util.Text;

/**
 * A message of a tap, shown readably: its Arrow type, length and first values (a struct's rows as JSON objects), its
 * send time and parameters. {@code text}: one line, {@code json}: one JSON object per line
 * ({@code {"topic":…,"type":…,"length":…,"values":[…],"truncated":…,"time":…,"parameters":{…}}}).
 * Stateless; any thread.
 */
final class ArrowText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArrowText() {
    }

    /** Loads the JSON writer now, so that the first message of a tap is not the one that waits for it. */
    static void warmUp() {
        json(java.util.Map.of("warm", List.of(1)));
    }

    static String text(String topic, ValueVector data, Metadata metadata, int maxValues) {
        Map<String, Object> m = describe(topic, data, metadata, maxValues);
        List<?> values = (List<?>) m.get("values");
        StringBuilder line = new StringBuilder();
        line.append(topic).append("  ").append(m.get("type")).append('[').append(data.getValueCount()).append("]  ")
                .append(json(values));
        int more = data.getValueCount() - values.size();
        if (more > 0) {
            line.setLength(line.length() - 1);
            line.append(", … ").append(more).append(" more]");
        }
        line.append("  time=").append(m.get("time"));
        if (!metadata.parameters().isEmpty()) {
            line.append("  parameters=").append(json(m.get("parameters")));
        }
        return line.toString();
    }

    static String json(String topic, ValueVector data, Metadata metadata, int maxValues) {
        return json(describe(topic, data, metadata, maxValues));
    }

    private static Map<String, Object> describe(String topic, ValueVector data, Metadata metadata, int maxValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        m.put("type", data.getField().getType().toString().toLowerCase(java.util.Locale.ROOT));
        m.put("length", data.getValueCount());
        List<Object> values = values(data, maxValues);
        m.put("values", values);
        m.put("truncated", values.size() < data.getValueCount());
        long nanos = metadata.timestamp().nanos();
        m.put("time", Instant.ofEpochSecond(0, nanos).toString());
        Map<String, Object> parameters = new LinkedHashMap<>();
        metadata.parameters().forEach((k, v) -> parameters.put(k, plain(v)));
        m.put("parameters", parameters);
        return m;
    }

    /**
     * The first {@code maxValues} values of {@code data} as plain JSON-able Java ({@link #plain}): what a tap shows
     * and what {@code jdora recording export --format csv} writes.
     */
    static List<Object> values(ValueVector data, int maxValues) {
        int shown = Math.min(maxValues, data.getValueCount());
        List<Object> values = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) {
            values.add(plain(data.getObject(i)));
        }
        return values;
    }

    /** An Arrow value as plain JSON-able Java: text as strings, bytes as base64, structs as maps, lists as lists. */
    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Text text) {
            return text.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ArrowText::plain).toList();
        }
        return value.toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
