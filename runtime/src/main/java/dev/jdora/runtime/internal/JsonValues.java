package dev.jdora.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdora.core.Data;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * A JSON value as the Arrow array {@code jdora topic pub} sends: a whole number becomes an {@code int64} array of one,
 * another number a {@code float64} array of one, a string {@code utf8}, {@code true}/{@code false} a {@code bool}
 * array, a list of numbers (or strings, or booleans) an array of them ({@code float64} if any is fractional), an
 * object a struct of one row ({@link Data#struct}). Anything else (null, nested lists, mixed lists, a whole number
 * beyond int64) is refused with an {@link IllegalArgumentException} saying why and where. Stateless; any thread. The caller owns (and closes) the vector.
 */
public final class JsonValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonValues() {
    }

    public static FieldVector toArrow(String json, BufferAllocator allocator) {
        JsonNode value;
        try {
            value = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (value == null || value.isMissingNode()) {
            throw new IllegalArgumentException("no JSON value given");
        }
        if (value.isObject()) {
            Map<String, Object> row = new LinkedHashMap<>();
            value.fields().forEachRemaining(f -> row.put(f.getKey(), scalar(f.getValue(), "field '" + f.getKey()
                    + "'")));
            return Data.struct(allocator, row);
        }
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("an empty list has no type: send at least one value");
            }
        } else {
            items.add(value);
        }
        return array(items, allocator);
    }

    private static FieldVector array(List<JsonNode> items, BufferAllocator allocator) {
        if (items.stream().allMatch(JsonNode::isIntegralNumber)) {
            long[] longs = new long[items.size()];
            for (int i = 0; i < longs.length; i++) {
                longs[i] = int64(items.get(i), items.size() == 1 ? "the value" : "item " + (i + 1) + " of the list");
            }
            return Data.longs(allocator, longs);
        }
        if (items.stream().allMatch(JsonNode::isNumber)) {
            return Data.doubles(allocator, items.stream().mapToDouble(JsonNode::doubleValue).toArray());
        }
        if (items.stream().allMatch(JsonNode::isTextual)) {
            return Data.utf8(allocator, items.stream().map(JsonNode::textValue).toArray(String[]::new));
        }
        if (items.stream().allMatch(JsonNode::isBoolean)) {
            BitVector bits = new BitVector("bool", allocator);
            bits.allocateNew(items.size());
            for (int i = 0; i < items.size(); i++) {
                bits.set(i, items.get(i).booleanValue() ? 1 : 0);
            }
            bits.setValueCount(items.size());
            return bits;
        }
        throw new IllegalArgumentException("cannot send " + (items.size() == 1 ? "JSON " + kind(items.get(0))
                : "a list of mixed or nested values") + ": send a number, a string, a boolean, a list of one of "
                + "those, or an object of them");
    }

    private static Object scalar(JsonNode node, String where) {
        if (node.isIntegralNumber()) {
            return int64(node, where);
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw new IllegalArgumentException(where + " is " + kind(node) + ": an object sent as a struct holds "
                + "numbers, strings and booleans");
    }

    /** A whole number as int64; one that does not fit is refused (Jackson's {@code longValue()} would wrap it). */
    private static long int64(JsonNode node, String where) {
        if (!node.canConvertToLong()) {
            throw new IllegalArgumentException(where + " is " + node.asText() + ", which does not fit in int64 ("
                    + Long.MIN_VALUE + " to " + Long.MAX_VALUE + "): send it as a string, or as a float64 by "
                    + "writing a fraction (" + node.asText() + ".0)");
        }
        return node.longValue();
    }

    private static String kind(JsonNode node) {
        return node.isNull() ? "null" : node.isArray() ? "a list" : node.isObject() ? "an object" : node.toString();
    }
}
