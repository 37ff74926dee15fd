package dev.jdora.core.dataflow;

import dev.jdora.core.internal.Suggestions;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads what dora 1.0 says about ports besides their ids: {@code output_types:} and {@code input_types:} of a node or
 * operator (a mapping of port id to type URN, each key one of the declared ports), the top-level
 * {@code type_rules:} (a list of {@code {from, to}}), and {@code send_stdout_as:} (one of the declared outputs, of a
 * type strings fit). A URN under {@code std/} must name a type of the standard library; other URNs are user types.
 */
final class PortReader {

    private static final Set<String> RULE_KEYS = Set.of("from", "to");
    private static final TypeCompatibility STRINGS = new TypeCompatibility(List.of());

    private final YamlTree tree;

    PortReader(YamlTree tree) {
        this.tree = tree;
    }

    /**
     * What a node or operator says about its ports.
     *
     * @param outputTypes  {@code output_types:}
     * @param inputTypes   {@code input_types:}
     * @param stdoutOutput {@code send_stdout_as:}
     */
    record Ports(Map<String, PortType> outputTypes, Map<String, PortType> inputTypes, Optional<String> stdoutOutput) {
    }

    /** The port keys of a node or operator mapping whose valid {@code outputs} are known. */
    Ports read(YamlMap map, String context, List<String> outputs) {
        Map<String, PortType> outTypes = map.get("output_types")
                .map(n -> read(n, context, "output_types", outputs, "output")).orElse(Map.of());
        Map<String, PortType> inTypes = map.get("input_types")
                .map(n -> read(n, context, "input_types", inputIds(map), "input")).orElse(Map.of());
        Optional<String> stdout = map.get("send_stdout_as").flatMap(n -> stdoutOutput(n, context, outputs, outTypes));
        return new Ports(outTypes, inTypes, stdout);
    }

    /**
     * {@code output_types} or {@code input_types}: the types of the ports among {@code declared} (named
     * {@code noun}, e.g. "output"); every other key, bad URN or unknown standard type is reported.
     */
    private Map<String, PortType> read(Node node, String context, String field, Collection<String> declared,
                                       String noun) {
        Map<String, PortType> types = new LinkedHashMap<>();
        if (YamlTree.isNull(node)) {
            return types;
        }
        for (Map.Entry<String, NodeTuple> entry : tree.map(node, context, field, noun)
                .map(YamlMap::entries).orElse(Map.of()).entrySet()) {
            String port = entry.getKey();
            Node value = entry.getValue().getValueNode();
            Optional<PortType> type = tree.string(value, context, field + " '" + port + "'")
                    .flatMap(urn -> type(urn, value, context, field + " '" + port + "'"));
            if (!declared.contains(port)) {
                tree.report(entry.getValue().getKeyNode(), context, field + ": '" + port + "' is not declared in '"
                        + noun + "s'" + Suggestions.didYouMean(port, declared));
            } else {
                type.ifPresent(t -> types.put(port, t));
            }
        }
        return types;
    }

    /**
     * {@code send_stdout_as}: the output that carries what the node prints. It must be declared in {@code outputs}
     * (other nodes read it like any output), and if typed, strings must fit its type.
     */
    private Optional<String> stdoutOutput(Node node, String context, Collection<String> outputs,
                                          Map<String, PortType> types) {
        Optional<String> output = tree.string(node, context, "send_stdout_as");
        if (output.isPresent() && !outputs.contains(output.get())) {
            tree.report(node, context, "send_stdout_as: '" + output.get() + "' is not declared in 'outputs': declare "
                    + "it there (readers read it as '<node>/" + output.get() + "')" + Suggestions.didYouMean(
                    output.get(), outputs));
            return Optional.empty();
        }
        PortType type = output.map(types::get).orElse(null);
        if (type != null && !STRINGS.accepts(TypeCompatibility.STRING, type)) {
            tree.report(node, context, "send_stdout_as: output '" + output.get() + "' carries the printed lines as "
                    + "strings, but its output_types says " + type.urn() + ": declare it "
                    + TypeCompatibility.STRING.urn());
            return Optional.empty();
        }
        return output;
    }

    /** The input ids as written, valid or not (a problem with an input is reported once, by the input). */
    private static Set<String> inputIds(YamlMap map) {
        Optional<Node> inputs = map.get("inputs");
        if (inputs.isEmpty() || !(inputs.get() instanceof MappingNode)) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (NodeTuple tuple : ((MappingNode) inputs.get()).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode) {
                ids.add(((ScalarNode) tuple.getKeyNode()).getValue());
            }
        }
        return ids;
    }

    /** {@code type_rules:}: each {@code {from: URN, to: URN}} lets data of {@code from} feed inputs of {@code to}. */
    List<Map.Entry<PortType, PortType>> rules(Node node) {
        List<Map.Entry<PortType, PortType>> rules = new ArrayList<>();
        for (Node item : tree.list(node, "", "type_rules", "mappings with 'from' and 'to'").orElse(List.of())) {
            Optional<YamlMap> rule = tree.map(item, "type_rules", "rule", "key");
            if (rule.isEmpty()) {
                continue;
            }
            tree.checkKeys(rule.get(), "type_rules", RULE_KEYS);
            Optional<PortType> from = end(rule.get(), "from");
            Optional<PortType> to = end(rule.get(), "to");
            if (from.isPresent() && to.isPresent()) {
                rules.add(new AbstractMap.SimpleImmutableEntry<>(from.get(), to.get()));
            }
        }
        return rules;
    }

    private Optional<PortType> end(YamlMap rule, String key) {
        Optional<Node> node = rule.get(key);
        if (node.isEmpty()) {
            tree.report(rule.node(), "type_rules", "missing '" + key + "'");
            return Optional.empty();
        }
        return tree.string(node.get(), "type_rules", key).flatMap(urn -> type(urn, node.get(), "type_rules", key));
    }

    private Optional<PortType> type(String urn, Node at, String context, String field) {
        Optional<PortType> type = PortType.parse(urn);
        if (type.isEmpty()) {
            tree.report(at, context, field + ": '" + urn + "' is not a type URN: expected e.g. 'std/core/v1/Float64'"
                    + " or 'std/media/v1/AudioFrame[sample_type=f32]'");
        } else if (type.get().isStandard() && type.get().arrowType().isEmpty()) {
            tree.report(at, context, field + ": unknown standard type '" + urn + "'"
                    + Suggestions.didYouMean(type.get().base(), PortType.standardUrns()));
            return Optional.empty();
        }
        return type;
    }
}
