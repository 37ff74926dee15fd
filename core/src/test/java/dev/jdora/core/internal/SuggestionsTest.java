package dev.jdora.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void suggestsTheClosestCandidateWithinTwoEdits() {
        assertThat(Suggestions.didYouMean("camra", List.of("camera", "sink"))).isEqualTo(" (did you mean 'camera'?)");
        assertThat(Suggestions.didYouMean("inptus", List.of("id", "inputs", "outputs")))
                .isEqualTo(" (did you mean 'inputs'?)");
    }

    @Test
    void suggestsNothingWhenNothingIsClose() {
        assertThat(Suggestions.didYouMean("microphone", List.of("camera", "sink"))).isEmpty();
        assertThat(Suggestions.didYouMean("x", List.of("id"))).isEmpty();
    }

    @Test
    void aSwapOfNeighboursIsOneEdit() {
        assertThat(Suggestions.distance("outptus", "outputs")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }
}
