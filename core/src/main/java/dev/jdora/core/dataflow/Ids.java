package dev.jdora.core.dataflow;

import java.util.regex.Pattern;

/**
 * The syntax and length limits of node, operator, input and output ids.
 *
 * <p>Ids become file names and subscriber names in transports: the shared-memory transport names a channel's
 * directory after its output id and a timer's after {@code timer/<unit>/<N>@node/[operator/]input} (each {@code /}
 * and {@code @} escaped to three characters), and stores each input's full name {@code node/[operator/]input} in a
 * 128-byte slot. {@link #MAX_LENGTH} keeps every such file name within the 255 bytes of a Linux file name
 * ({@code NAME_MAX}); {@link #MAX_INPUT_NAME_LENGTH} keeps the full name within its slot.
 */
final class Ids {

    /** At most this many characters in one id (ids are ASCII, so also bytes). */
    static final int MAX_LENGTH = 63;

    /** At most this many characters in an input's full name, {@code node/input} or {@code node/operator/input}. */
    static final int MAX_INPUT_NAME_LENGTH = 128;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");

    private Ids() {
    }

    /** Letters, digits, {@code _} and {@code -}; in particular no {@code /}, which separates source parts. */
    static boolean isValid(String id) {
        return ID.matcher(id).matches();
    }

    /** The id as messages show it: whole up to {@link #MAX_LENGTH}, else its first 20 characters and "…". */
    static String forMessage(String id) {
        return id.length() <= MAX_LENGTH ? id : id.substring(0, 20) + "…";
    }
}
