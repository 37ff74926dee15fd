package dev.jdora.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataTest {

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void noLeaks() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void bytesRoundTrip() {
        byte[] image = new byte[640 * 480 * 3];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) i;
        }
        try (UInt1Vector v = Data.bytes(allocator, image)) {
            assertThat(v.getValueCount()).isEqualTo(image.length);
            assertThat(v.isNull(image.length - 1)).isFalse();
            assertThat(Data.toBytes(v)).isEqualTo(image);
        }
    }

    @Test
    void stringsLongsAndDoublesRoundTrip() {
        try (var s = Data.utf8(allocator, "héllo", "wörld");
             var l = Data.longs(allocator, 1, -2, Long.MAX_VALUE);
             var d = Data.doubles(allocator, 0.5, -1e300)) {
            assertThat(Data.strings(s)).containsExactly("héllo", "wörld");
            assertThat(Data.string(s)).isEqualTo("héllo");
            assertThat(Data.toLongs(l)).containsExactly(1, -2, Long.MAX_VALUE);
            assertThat(Data.toDoubles(d)).containsExactly(0.5, -1e300);
        }
    }

    @Test
    void structRowRoundTrips() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("frame", 7L);
        row.put("score", 0.25);
        row.put("label", "cat");
        row.put("ok", true);
        try (var v = Data.struct(row)) {
            assertThat(Data.structRow(v, 0)).containsExactlyEntriesOf(row);
        }
        assertThat(Data.allocator().getAllocatedMemory()).isZero();
    }

    @Test
    void readersNameTheTypeTheyExpected() {
        try (var l = Data.longs(allocator, 1)) {
            assertThatThrownBy(() -> Data.string(l)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("utf8").hasMessageContaining("Int(64");
        }
    }

    @Test
    void structRejectsUnsupportedValuesWithTheFieldNamed() {
        assertThatThrownBy(() -> Data.struct(Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'when'");
        assertThat(Data.allocator().getAllocatedMemory()).isZero();
    }
}
