package dev.jdora.core.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArgsSplitterTest {

    @Test
    void splitsOnWhitespaceAndKeepsQuotedWhitespace() {
        assertThat(ArgsSplitter.split("  -v --name \"a b\"\t'c  d' --x='y z' \"\" ").orElseThrow())
                .containsExactly("-v", "--name", "a b", "c  d", "--x=y z", "");
    }

    @Test
    void oneQuoteKindMayHoldTheOther() {
        assertThat(ArgsSplitter.split("\"it's\" 'say \"hi\"'").orElseThrow()).containsExactly("it's", "say \"hi\"");
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThat(ArgsSplitter.split("--name \"open")).isEmpty();
    }
}
