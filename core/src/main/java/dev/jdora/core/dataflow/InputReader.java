package dev.jdora.core.dataflow;

import dev.jdora.core.internal.Suggestions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads an {@code inputs:} mapping: each input in the short form {@code id: node/output} or the long form
 * {@code id: {source, queue_size, queue_policy, input_timeout}}.
 */
final class InputReader {

    static final int MAX_QUEUE_SIZE = 1_000_000;

    private static final Set<String> KEYS = Set.of("source", "queue_size", "queue_policy", "input_timeout");
    private static final List<String> POLICIES =
            Arrays.stream(QueuePolicy.values()).map(QueuePolicy::yamlName).collect(Collectors.toList());

    private final YamlTree tree;
    private final SourceParser sources;

    InputReader(YamlTree tree) {
        this.tree = tree;
        this.sources = new SourceParser(tree);
    }

    /** The inputs that could be read; each problem is reported. {@code inputs:} with no value means none. */
    List<InputSpec> read(Node inputs, String context) {
        List<InputSpec> result = new ArrayList<>();
        if (YamlTree.isNull(inputs)) {
            return result;
        }
        Optional<YamlMap> map = tree.map(inputs, context, "inputs", "input");
        for (Map.Entry<String, NodeTuple> entry : map.map(YamlMap::entries).orElse(Map.of()).entrySet()) {
            String id = entry.getKey();
            Node key = entry.getValue().getKeyNode();
            String inputContext = context + ": input '" + id + "'";
            boolean validId = tree.checkId(key, context, "input", id);
            Optional<InputSpec> input = readOne(id, entry.getValue().getValueNode(), inputContext);
            if (validId) {
                input.ifPresent(result::add);
            }
        }
        return result;
    }

    private Optional<InputSpec> readOne(String id, Node value, String context) {
        if (value instanceof ScalarNode && !YamlTree.isNull(value)) {
            return sources.parse(((ScalarNode) value).getValue(), value, context)
                    .map(source -> new InputSpec(id, source, InputSpec.DEFAULT_QUEUE_SIZE, QueuePolicy.DROP_OLDEST,
                            Optional.empty(), tree.problems().at(value)));
        }
        if (value instanceof MappingNode) {
            return readLong(id, value, context);
        }
        tree.report(value, context, "expected a source like 'node/output' or a mapping with 'source', not "
                + YamlTree.describe(value));
        return Optional.empty();
    }

    private Optional<InputSpec> readLong(String id, Node value, String context) {
        Optional<YamlMap> found = tree.map(value, context, "input", "key");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = found.get();
        tree.checkKeys(map, context, KEYS);
        Optional<Node> sourceNode = map.get("source");
        if (sourceNode.isEmpty()) {
            tree.report(value, context, "missing 'source'");
        }
        Optional<InputSource> source = sourceNode
                .flatMap(n -> tree.string(n, context, "source").flatMap(text -> sources.parse(text, n, context)));
        int queueSize = map.get("queue_size").map(n -> queueSize(n, context)).orElse(InputSpec.DEFAULT_QUEUE_SIZE);
        QueuePolicy policy = map.get("queue_policy").map(n -> policy(n, context)).orElse(QueuePolicy.DROP_OLDEST);
        Optional<Duration> timeout = map.get("input_timeout").flatMap(n -> Seconds.read(tree, n, context, "input_timeout", false));
        if (timeout.isPresent() && source.orElse(null) instanceof InputSource.Timer) {
            tree.report(map.get("input_timeout").get(), context,
                    "'input_timeout' does not apply to a timer input: timers never go silent");
        }
        return source.map(s -> new InputSpec(id, s, queueSize, policy, timeout, tree.problems().at(sourceNode.get())));
    }

    private int queueSize(Node node, String context) {
        String text = node instanceof ScalarNode ? ((ScalarNode) node).getValue() : "";
        if (node instanceof ScalarNode && text.matches("\\+?[0-9]+")) {
            BigInteger value = new BigInteger(text);
            if (value.signum() > 0 && value.compareTo(BigInteger.valueOf(MAX_QUEUE_SIZE)) <= 0) {
                return value.intValueExact();
            }
        }
        tree.report(node, context, "'queue_size' must be an integer from 1 to " + MAX_QUEUE_SIZE + ", not "
                + YamlTree.describe(node));
        return InputSpec.DEFAULT_QUEUE_SIZE;
    }

    private QueuePolicy policy(Node node, String context) {
        Optional<String> text = tree.string(node, context, "queue_policy");
        for (QueuePolicy policy : QueuePolicy.values()) {
            if (text.isPresent() && policy.yamlName().equals(text.get())) {
                return policy;
            }
        }
        text.ifPresent(t -> tree.report(node, context, "unknown queue_policy '" + t + "'"
                + Suggestions.didYouMean(t, POLICIES) + "; use one of " + String.join(", ", POLICIES)));
        return QueuePolicy.DROP_OLDEST;
    }
}
