package dev.jdora.micrometer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The trace context fields a propagator writes ({@code traceparent}, {@code tracestate}, ...) in the form dora keeps
 * them in the {@value JdoraObservations#PARAMETER} parameter: {@code key:value;} pairs, e.g.
 * {@code traceparent:00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01;}. A bare W3C {@code traceparent}
 * value is read too. Mutable, one thread.
 */
final class TraceContext {

    private final Map<String, String> fields = new LinkedHashMap<>();

    void put(String key, String value) {
        fields.put(key, value);
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    String serialize() {
        StringBuilder text = new StringBuilder();
        fields.forEach((k, v) -> text.append(k).append(':').append(v).append(';'));
        return text.toString();
    }

    /** The fields of a parameter value; empty for anything else than a string of {@code key:value;} pairs. */
    static TraceContext parse(Object parameter) {
        TraceContext context = new TraceContext();
        if (!(parameter instanceof String text)) {
            return context;
        }
        if (text.startsWith("00-") && text.indexOf(':') < 0) {
            context.put("traceparent", text.strip());
            return context;
        }
        for (String pair : text.split(";")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                context.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
            }
        }
        return context;
    }
}
