package dev.jdora.core.dataflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code operators:} (a list) and {@code operator:} (one operator, id {@code op} by default). jdora hosts
 * JVM operators only ({@code class:}); dora's {@code python:}, {@code shared-library:} and {@code wasm:} are
 * reported as not supported, and so are the keys of {@link DoraKeys#OPERATOR}.
 */
final class OperatorReader {

    /** The id of the single {@code operator:} when it names none, as in dora. */
    static final String DEFAULT_ID = "op";

    private static final Set<String> KEYS = Set.of("id", "name", "description", "class", "inputs", "outputs",
            "build", "send_stdout_as", "output_types", "input_types", "output_framing", "python", "shared-library",
            "wasm");
    private static final List<String> FOREIGN = List.of("python", "shared-library", "wasm");

    private final YamlTree tree;
    private final InputReader inputs;
    private final PortReader ports;

    OperatorReader(YamlTree tree, InputReader inputs, PortReader ports) {
        this.tree = tree;
        this.inputs = inputs;
        this.ports = ports;
    }

    /** {@code operators:} — every operator needs an id, unique within the node. */
    List<OperatorSpec> readList(Node node, String context) {
        List<OperatorSpec> result = new ArrayList<>();
        Map<String, OperatorSpec> seen = new HashMap<>();
        List<Node> items = tree.list(node, context, "operators", "operators").orElse(List.of());
        if (items.isEmpty() && node instanceof SequenceNode) {
            tree.report(node, context, "'operators' is empty");
        }
        for (Node item : items) {
            read(item, context, Optional.empty()).ifPresent(op -> {
                OperatorSpec first = seen.putIfAbsent(op.id(), op);
                if (first == null) {
                    result.add(op);
                } else {
                    tree.problems().add(op.location(), context + ": duplicate operator '" + op.id()
                            + "' (first at line " + first.location().line() + ")");
                }
            });
        }
        return result;
    }

    /** {@code operator:} — a single operator. */
    Optional<OperatorSpec> readSingle(Node node, String context) {
        return read(node, context, Optional.of(DEFAULT_ID));
    }

    private Optional<OperatorSpec> read(Node node, String context, Optional<String> defaultId) {
        Optional<YamlMap> found = tree.map(node, context, "operator", "key");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = found.get();
        Optional<String> id = map.get("id").isPresent()
                ? map.get("id").flatMap(n -> tree.string(n, context, "operator id")
                        .filter(text -> tree.checkId(n, context, "operator", text)))
                : defaultId;
        if (id.isEmpty() && map.get("id").isEmpty()) {
            tree.report(node, context, "operator without 'id'");
        }
        String opContext = context + ": operator '" + id.orElse("?") + "'";
        tree.checkKeys(map, opContext, KEYS, DoraKeys.OPERATOR);
        Optional<String> className = className(map, opContext);
        List<InputSpec> in = map.get("inputs").map(n -> inputs.read(n, opContext)).orElse(List.of());
        List<String> out = map.get("outputs").map(n -> tree.ids(n, opContext, "outputs", "output")).orElse(List.of());
        List<BuildStep> build = map.get("build").map(n -> BuildStepReader.read(tree, n, opContext)).orElse(List.of());
        PortReader.Ports p = ports.read(map, opContext, out);
        return id.map(i -> new OperatorSpec(i, className, in, out, build, tree.problems().at(node), p.outputTypes(),
                p.inputTypes(), p.stdoutOutput()));
    }

    private Optional<String> className(YamlMap map, String context) {
        for (String foreign : FOREIGN) {
            if (map.has(foreign)) {
                tree.report(map.keyNode(foreign), context,
                        "'" + foreign + "' operators are not supported by jdora (JVM only): use 'class:' with a JVM "
                                + "class");
                return Optional.empty();
            }
        }
        if (!map.has("class")) {
            tree.report(map.node(), context, "missing 'class'");
            return Optional.empty();
        }
        Node node = map.get("class").orElseThrow();
        return tree.string(node, context, "class").filter(name -> ClassNames.check(tree, node, context, name));
    }
}
