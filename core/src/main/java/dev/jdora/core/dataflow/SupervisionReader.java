package dev.jdora.core.dataflow;

import dev.jdora.core.internal.Suggestions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a node's restart and health keys ({@code restart_policy}, {@code max_restarts}, {@code restart_delay},
 * {@code max_restart_delay}, {@code restart_window}, {@code startup_timeout}, {@code health_check_timeout}) into a
 * {@link Supervision}, reporting each bad value at its place.
 */
final class SupervisionReader {

    /** The keys this reader reads, for the node's list of known keys. */
    static final List<String> KEYS = List.of("restart_policy", "max_restarts", "restart_delay", "max_restart_delay",
            "restart_window", "startup_timeout", "health_check_timeout");

    private static final List<String> POLICIES = Arrays.stream(RestartPolicy.values()).map(RestartPolicy::yamlName)
            .toList();
    private static final int MAX_RESTARTS = 1_000_000_000;

    private final YamlTree tree;

    SupervisionReader(YamlTree tree) {
        this.tree = tree;
    }

    Supervision read(YamlMap map, String context) {
        RestartPolicy policy = map.get("restart_policy").map(n -> policy(n, context)).orElse(RestartPolicy.NEVER);
        int maxRestarts = map.get("max_restarts").map(n -> maxRestarts(n, context)).orElse(0);
        Duration delay = seconds(map, "restart_delay", context, true).orElse(Duration.ZERO);
        Optional<Duration> maxDelay = seconds(map, "max_restart_delay", context, true);
        Optional<Duration> window = seconds(map, "restart_window", context, false);
        Optional<Duration> startup = seconds(map, "startup_timeout", context, false);
        Optional<Duration> health = seconds(map, "health_check_timeout", context, false);
        if (maxDelay.isPresent() && maxDelay.get().compareTo(delay) < 0) {
            tree.report(map.get("max_restart_delay").orElseThrow(), context, "'max_restart_delay' ("
                    + maxDelay.get().toMillis() / 1000.0 + " s) is shorter than 'restart_delay' ("
                    + delay.toMillis() / 1000.0 + " s)");
        }
        if (!map.has("restart_policy")) { // not after a bad restart_policy, which is reported already
            for (String key : List.of("max_restarts", "restart_delay", "max_restart_delay", "restart_window")) {
                map.get(key).ifPresent(n -> tree.report(map.keyNode(key), context, "'" + key
                        + "' has no effect without 'restart_policy: on-failure' or 'restart_policy: always'"));
            }
        }
        return new Supervision(policy, maxRestarts, delay, maxDelay, window, startup, health);
    }

    private Optional<Duration> seconds(YamlMap map, String field, String context, boolean zeroAllowed) {
        return map.get(field).flatMap(n -> Seconds.read(tree, n, context, field, zeroAllowed));
    }

    private RestartPolicy policy(Node node, String context) {
        Optional<String> text = tree.string(node, context, "restart_policy");
        for (RestartPolicy policy : RestartPolicy.values()) {
            if (text.isPresent() && policy.yamlName().equals(text.get())) {
                return policy;
            }
        }
        text.ifPresent(t -> tree.report(node, context, "unknown restart_policy '" + t + "'"
                + Suggestions.didYouMean(t, POLICIES) + "; use one of " + String.join(", ", POLICIES)));
        return RestartPolicy.NEVER;
    }

    private int maxRestarts(Node node, String context) {
        String text = node instanceof ScalarNode ? ((ScalarNode) node).getValue() : "";
        if (node instanceof ScalarNode && text.matches("\\+?[0-9]+")
                && new BigInteger(text).compareTo(BigInteger.valueOf(MAX_RESTARTS)) <= 0) {
            return Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
        }
        tree.report(node, context, "'max_restarts' must be an integer from 0 (no limit) to " + MAX_RESTARTS
                + ", not " + YamlTree.describe(node));
        return 0;
    }
}
