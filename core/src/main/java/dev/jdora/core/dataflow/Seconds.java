package dev.jdora.core.dataflow;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads a duration written in seconds ({@code 2}, {@code 0.5}, {@code 1e-3}), as dora's timeouts and delays are. */
final class Seconds {

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final String NUMBER = "\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?";

    private Seconds() {
    }

    /**
     * The duration, or empty with a problem reported at {@code node}: {@code 'field' must be a positive number of
     * seconds} (or {@code a number of seconds, 0 or more} when {@code zeroAllowed}).
     */
    static Optional<Duration> read(YamlTree tree, Node node, String context, String field, boolean zeroAllowed) {
        String text = node instanceof ScalarNode ? ((ScalarNode) node).getValue() : "";
        if (node instanceof ScalarNode && text.matches(NUMBER)) {
            Optional<Duration> value = seconds(text, zeroAllowed);
            if (value.isPresent()) {
                return value;
            }
        }
        tree.report(node, context, "'" + field + "' must be " + (zeroAllowed ? "a number of seconds, 0 or more"
                : "a positive number of seconds") + ", not " + YamlTree.describe(node));
        return Optional.empty();
    }

    /** At most what a {@link Duration} of nanoseconds holds (about 292 years); at least 1 ns unless zero is allowed. */
    private static Optional<Duration> seconds(String text, boolean zeroAllowed) {
        try {
            BigDecimal nanos = new BigDecimal(text).multiply(NANOS_PER_SECOND);
            boolean zero = nanos.signum() == 0;
            if ((zero && zeroAllowed || nanos.compareTo(BigDecimal.ONE) >= 0)
                    && nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return Optional.of(Duration.ofNanos(nanos.longValue()));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // an exponent beyond int range: not a sensible duration either
        }
        return Optional.empty();
    }
}
