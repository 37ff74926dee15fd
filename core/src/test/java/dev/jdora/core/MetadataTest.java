package dev.jdora.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {

    @Test
    void parametersAreWidenedAndReadBack() {
        Metadata m = new Metadata(Timestamp.ZERO, Map.of("w", 640, "gain", 1.5f, "name", "cam", "on", true,
                "roi", List.of(1, 2, 3)));
        assertThat(m.parameter("w", Long.class)).contains(640L);
        assertThat(m.parameter("gain", Double.class)).contains(1.5);
        assertThat(m.parameter("name", String.class)).contains("cam");
        assertThat(m.parameter("on", Boolean.class)).contains(true);
        assertThat(m.parameters().get("roi")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(m.parameter("w", String.class)).isEmpty();
    }

    @Test
    void unsupportedParametersAreRejectedWithTheKeyNamed() {
        assertThatThrownBy(() -> new Metadata(Timestamp.ZERO, Map.of("bad", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad'");
        assertThatThrownBy(() -> new Metadata(Timestamp.ZERO, Map.of("mixed", List.of(1, "a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one type");
    }
}
