package dev.jdora.core.dataflow;

import dev.jdora.core.internal.Suggestions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses an input source as written: {@code node/output}, {@code node/operator/output} or
 * {@code dora/timer/<millis|secs|hz>/<N>}. Only the syntax is checked here; whether the node and output exist is
 * for {@link DataflowValidator}.
 */
final class SourceParser {

    private static final List<String> TIMER_UNITS = List.of("millis", "secs", "hz");
    private static final long MAX_HZ = 1_000_000_000L;
    private static final int MAX_DIGITS = 19;
    private static final String TIMER_FORM = "dora/timer/<millis|secs|hz>/<positive integer>";

    private final YamlTree tree;

    SourceParser(YamlTree tree) {
        this.tree = tree;
    }

    /** The source, or empty after reporting why {@code text} is not one. */
    Optional<InputSource> parse(String text, Node at, String context) {
        if (text.equals("dora") || text.startsWith("dora/")) {
            return dora(text, at, context);
        }
        String[] parts = text.split("/", -1);
        boolean blank = false;
        for (String part : parts) {
            blank |= part.isBlank();
        }
        if (parts.length < 2 || parts.length > 3 || blank) {
            tree.report(at, context, "bad source '" + text
                    + "': expected 'node/output', 'node/operator/output' or '" + TIMER_FORM + "'");
            return Optional.empty();
        }
        String output = parts.length == 2 ? parts[1] : parts[1] + "/" + parts[2];
        return Optional.of(new InputSource.NodeOutput(parts[0], output));
    }

    private Optional<InputSource> dora(String text, Node at, String context) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || !parts[1].equals("timer")) {
            tree.report(at, context, "unknown dora source '" + text + "': the only one is '" + TIMER_FORM + "'");
            return Optional.empty();
        }
        if (parts.length != 4) {
            tree.report(at, context, "bad timer '" + text + "': expected '" + TIMER_FORM + "'");
            return Optional.empty();
        }
        String unit = parts[2];
        if (!TIMER_UNITS.contains(unit)) {
            tree.report(at, context, "bad timer '" + text + "': unknown unit '" + unit + "'"
                    + Suggestions.didYouMean(unit, TIMER_UNITS) + "; use 'millis', 'secs' or 'hz'");
            return Optional.empty();
        }
        if (parts[3].length() > MAX_DIGITS) {
            // the text names the timer's queue files: leading zeros must not make the name too long
            tree.report(at, context, "bad timer '" + text + "': '" + parts[3] + "' has more than " + MAX_DIGITS
                    + " digits");
            return Optional.empty();
        }
        Optional<Long> count = positive(parts[3]);
        if (count.isEmpty() || unit.equals("hz") && count.get() > MAX_HZ) {
            tree.report(at, context, "bad timer '" + text + "': '" + parts[3] + "' is not a positive integer"
                    + (unit.equals("hz") ? " up to " + MAX_HZ : ""));
            return Optional.empty();
        }
        if (!unit.equals("hz") && !fitsNanos(unit, count.get())) {
            tree.report(at, context, "bad timer '" + text + "': the period is too long (at most about 292 years)");
            return Optional.empty();
        }
        return Optional.of(new InputSource.Timer(period(unit, count.get()), text));
    }

    private static boolean fitsNanos(String unit, long count) {
        try {
            period(unit, count).toNanos();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static Duration period(String unit, long count) {
        switch (unit) {
            case "millis":
                return Duration.ofMillis(count);
            case "secs":
                return Duration.ofSeconds(count);
            default:
                return Duration.ofNanos(1_000_000_000L / count);
        }
    }

    /** A positive decimal integer that fits a long and, as seconds, a {@link Duration}. */
    private static Optional<Long> positive(String digits) {
        if (!digits.matches("[0-9]+")) {
            return Optional.empty();
        }
        BigInteger value = new BigInteger(digits);
        if (value.signum() <= 0 || value.bitLength() > 62) {
            return Optional.empty();
        }
        return Optional.of(value.longValueExact());
    }
}
