package dev.jdora.recording.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message parameters as a JSON object: longs as integers, doubles always with a fraction or exponent, so that they
 * come back with their type ({@link dev.jdora.core.Metadata} widens the integers back to {@code Long}).
 */
public final class ParametersJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private ParametersJson() {
    }

    static String write(Map<String, Object> parameters) {
        try {
            return JSON.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("parameters cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The parameters of a recorded row. */
    public static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("recorded parameters are not a JSON object: " + e.getOriginalMessage(),
                    e);
        }
    }
}
