package dev.jdora.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {

    @Test
    void oneIsSingularEveryOtherCountPlural() {
        assertThat(Plural.count(1, "message")).isEqualTo("1 message");
        assertThat(Plural.count(2, "message")).isEqualTo("2 messages");
        assertThat(Plural.count(0, "node")).isEqualTo("0 nodes");
    }
}
