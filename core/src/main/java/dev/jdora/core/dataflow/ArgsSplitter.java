package dev.jdora.core.dataflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits an {@code args:} string like a shell splits words, without any expansion: whitespace separates words,
 * and single or double quotes keep whitespace inside a word ({@code --name="a b"} is one word {@code --name=a b}).
 */
final class ArgsSplitter {

    private ArgsSplitter() {
    }

    /** The words, or empty if a quote is not closed. */
    static Optional<List<String>> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            return Optional.empty();
        }
        if (inWord) {
            words.add(word.toString());
        }
        return Optional.of(words);
    }
}
