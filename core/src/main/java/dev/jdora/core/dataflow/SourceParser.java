package dev.jdora.core.dataflow;

import dev.jdora.core.internal.Suggestions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses an input source as written: {@code node/output}, {@code node/operator/output} or
 * {@code dora/timer/<secs|millis|micros|nanos|hz>/<N>} (as dora 1.0: an integer, and for {@code hz} a positive
 * decimal such as {@code 0.5}). Only the syntax is checked here; whether the node and output exist is for
 * {@link DataflowValidator}. dora's {@code dora/logs} source is refused by name.
 */
final class SourceParser {

    private static final List<String> TIMER_UNITS = List.of("secs", "millis", "micros", "nanos", "hz");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final int MAX_DIGITS = 19;
    private static final String TIMER_FORM = "dora/timer/<secs|millis|micros|nanos|hz>/<N>";

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
        if (parts.length >= 2 && parts[1].equals("logs")) {
            tree.report(at, context, "source '" + text + "' is not supported by jdora: it does not collect the "
                    + "dataflow's logs as messages; give the nodes whose lines you want 'send_stdout_as' and read "
                    + "that output");
            return Optional.empty();
        }
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
                    + Suggestions.didYouMean(unit, TIMER_UNITS) + "; use 'secs', 'millis', 'micros', 'nanos' or 'hz'");
            return Optional.empty();
        }
        if (parts[3].length() > MAX_DIGITS) {
            // the text names the timer's queue files: leading zeros must not make the name too long
            tree.report(at, context, "bad timer '" + text + "': '" + parts[3] + "' has more than " + MAX_DIGITS
                    + " characters");
            return Optional.empty();
        }
        boolean hz = unit.equals("hz");
        Optional<BigDecimal> count = positive(parts[3], hz);
        if (count.isEmpty()) {
            tree.report(at, context, "bad timer '" + text + "': '" + parts[3] + "' is not a positive "
                    + (hz ? "number" : "integer"));
            return Optional.empty();
        }
        BigDecimal nanos = hz ? NANOS_PER_SECOND.divide(count.get(), 0, RoundingMode.HALF_EVEN)
                : count.get().multiply(BigDecimal.valueOf(nanosPer(unit)));
        if (nanos.signum() <= 0) {
            tree.report(at, context, "bad timer '" + text + "': the period is shorter than a nanosecond");
            return Optional.empty();
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            tree.report(at, context, "bad timer '" + text + "': the period is too long (at most about 292 years)");
            return Optional.empty();
        }
        return Optional.of(new InputSource.Timer(Duration.ofNanos(nanos.longValueExact()), text));
    }

    private static long nanosPer(String unit) {
        switch (unit) {
            case "secs":
                return 1_000_000_000L;
            case "millis":
                return 1_000_000L;
            case "micros":
                return 1_000L;
            default:
                return 1L;
        }
    }

    /** A positive decimal integer, or for {@code hz} a positive decimal number such as {@code 0.5}. */
    private static Optional<BigDecimal> positive(String text, boolean decimal) {
        if (!text.matches(decimal ? "[0-9]+(\\.[0-9]+)?" : "[0-9]+")) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(text);
        return value.signum() > 0 ? Optional.of(value) : Optional.empty();
    }
}
