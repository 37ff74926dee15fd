package dev.jdora.core.internal;

/** Counts in messages: {@code 1 message}, {@code 2 messages}, {@code 0 nodes}. Stateless and thread-safe. */
public final class Plural {

    private Plural() {
    }

    /** {@code n} and {@code noun}, with an {@code s} unless {@code n} is 1 (for nouns whose plural is that). */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
