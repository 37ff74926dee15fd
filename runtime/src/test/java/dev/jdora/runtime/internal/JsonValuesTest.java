package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Data;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@code jdora topic pub} turns JSON into Arrow, and what it refuses. */
class JsonValuesTest {

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void noLeak() {
        allocator.close(); // fails if a vector was left open
    }

    @Test
    void scalarsListsAndObjects() {
        try (FieldVector v = JsonValues.toArrow("42", allocator)) {
            assertThat(Data.toLongs(v)).containsExactly(42);
        }
        try (FieldVector v = JsonValues.toArrow("[1, 2.5]", allocator)) {
            assertThat(Data.toDoubles(v)).containsExactly(1.0, 2.5);
        }
        try (FieldVector v = JsonValues.toArrow("[\"a\", \"b\"]", allocator)) {
            assertThat(Data.strings(v)).containsExactly("a", "b");
        }
        try (FieldVector v = JsonValues.toArrow("true", allocator)) {
            assertThat(((BitVector) v).get(0)).isEqualTo(1);
        }
        try (FieldVector v = JsonValues.toArrow("{\"speed\": 2.5, \"mode\": \"auto\"}", allocator)) {
            Map<String, Object> row = Data.structRow(v, 0);
            assertThat(row).containsOnlyKeys("speed", "mode").containsEntry("speed", 2.5);
            assertThat(String.valueOf(row.get("mode"))).isEqualTo("auto");
        }
    }

    @Test
    void whatHasNoArrowFormIsRefusedWithTheReason() {
        assertThatThrownBy(() -> JsonValues.toArrow("{\"a\": [1]}", allocator))
                .hasMessageContaining("field 'a' is a list");
        assertThatThrownBy(() -> JsonValues.toArrow("[]", allocator)).hasMessageContaining("empty list");
        assertThatThrownBy(() -> JsonValues.toArrow("[1, \"x\"]", allocator)).hasMessageContaining("mixed");
        assertThatThrownBy(() -> JsonValues.toArrow("{oops", allocator)).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> JsonValues.toArrow("null", allocator)).hasMessageContaining("null");
    }

    @Test
    void aWholeNumberBeyondInt64IsRefusedNamingWhereNotWrapped() {
        assertThatThrownBy(() -> JsonValues.toArrow("{\"id\": 18446744073709551617}", allocator))
                .hasMessageContaining("field 'id' is 18446744073709551617, which does not fit in int64");
        assertThatThrownBy(() -> JsonValues.toArrow("[1, 9223372036854775808]", allocator))
                .hasMessageContaining("item 2 of the list is 9223372036854775808, which does not fit in int64");
        assertThatThrownBy(() -> JsonValues.toArrow("-9223372036854775809", allocator))
                .hasMessageContaining("the value is -9223372036854775809");
        try (FieldVector v = JsonValues.toArrow("[9223372036854775807, -9223372036854775808]", allocator)) {
            assertThat(Data.toLongs(v)).containsExactly(Long.MAX_VALUE, Long.MIN_VALUE);
        }
    }
}
