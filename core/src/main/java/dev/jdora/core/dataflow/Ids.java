package dev.jdora.core.dataflow;

import java.util.regex.Pattern;

/** The syntax of node, operator, input and output ids. */
final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");

    private Ids() {
    }

    /** Letters, digits, {@code _} and {@code -}; in particular no {@code /}, which separates source parts. */
    static boolean isValid(String id) {
        return ID.matcher(id).matches();
    }
}
