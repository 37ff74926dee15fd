package dev.jdora.core.dataflow;

import java.util.ArrayList;
import java.util.Collections;
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
 * Reads one entry of {@code nodes:} into a {@link NodeSpec}, reporting every problem local to the node. A node
 * whose id can be read is returned even when other fields have problems, so that other nodes' references to it
 * do not cause follow-up problems; the load fails anyway.
 */
final class NodeReader {

    private static final Set<String> KEYS = keys("id", "name", "description", "path", "class", "operators",
            "operator", "args", "env", "inputs", "outputs", "deploy", "_unstable_deploy", "jvm_options", "build",
            "send_stdout_as", "output_types", "input_types", "bean");
    private static final Set<String> ALL_KEYS = union(KEYS, SupervisionReader.KEYS);
    private static final List<String> KINDS = List.of("path", "class", "bean", "operators", "operator");
    private static final String KIND_LIST = "'path', 'class', 'bean', 'operators' or 'operator'";
    private static final Set<String> DEPLOY_KEYS = Set.of("machine", "working_dir");

    private final YamlTree tree;
    private final InputReader inputs;
    private final PortReader ports;
    private final OperatorReader operators;
    private final SupervisionReader supervision;
    private final Set<String> foreignNodes = new HashSet<>();
    private Map<String, String> globalEnv = Map.of();
    private Optional<String> defaultMachine = Optional.empty();

    NodeReader(YamlTree tree) {
        this.tree = tree;
        this.inputs = new InputReader(tree);
        this.ports = new PortReader(tree);
        this.operators = new OperatorReader(tree, inputs, ports);
        this.supervision = new SupervisionReader(tree);
    }

    private static Set<String> keys(String... keys) {
        Set<String> all = new HashSet<>(List.of(keys));
        all.addAll(DoraKeys.IGNORED_NODE_KEYS);
        return Set.copyOf(all);
    }

    private static Set<String> union(Set<String> a, List<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** The top-level {@code env:}, which every node read from now on gets under its own {@code env:}. */
    void globalEnv(Map<String, String> env) {
        this.globalEnv = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /**
     * The top-level {@code deploy:} (dora 1.0; also {@code _unstable_deploy:}): its {@code machine} is the machine of
     * every node read from now on that has no {@code deploy.machine} of its own.
     */
    void defaultDeploy(YamlMap top) {
        this.defaultMachine = deployMachine(top, "");
    }

    /**
     * The ids of nodes of a kind jdora cannot run ({@link DoraKeys#FOREIGN_KINDS}, reported already), whose outputs
     * other nodes' inputs are not checked against.
     */
    Set<String> foreignNodes() {
        return Set.copyOf(foreignNodes);
    }

    /** The node at 1-based position {@code index} of {@code nodes:}, if it has a usable id. */
    Optional<NodeSpec> read(Node node, int index) {
        String context = peekId(node).map(id -> "node '" + Ids.forMessage(id) + "'").orElse("node #" + index);
        if (!(node instanceof MappingNode)) {
            tree.report(node, context, "a node must be a mapping with 'id', not " + YamlTree.describe(node));
            return Optional.empty();
        }
        YamlMap map = tree.map(node, context, "node", "key").orElseThrow();
        tree.checkKeys(map, context, ALL_KEYS, DoraKeys.NODE);
        Optional<String> id = id(map, context);
        boolean foreign = DoraKeys.FOREIGN_KINDS.stream().anyMatch(map::has);
        if (foreign) {
            id.ifPresent(foreignNodes::add);
        } else {
            checkKind(map, context);
        }
        Optional<String> path = map.get("path").flatMap(n -> tree.string(n, context, "path"));
        Optional<String> className = map.get("class")
                .flatMap(n -> tree.string(n, context, "class").filter(c -> ClassNames.check(tree, n, context, c)));
        Optional<String> bean = map.get("bean").flatMap(n -> tree.string(n, context, "bean"));
        List<OperatorSpec> ops = operators(map, context);
        List<String> args = map.get("args").map(n -> args(n, context)).orElse(List.of());
        Map<String, String> env = new LinkedHashMap<>(globalEnv); // the node's own env wins, as in dora
        map.get("env").ifPresent(n -> env.putAll(env(n, context)));
        List<InputSpec> in = map.get("inputs").map(n -> inputs.read(n, context)).orElse(List.of());
        List<String> out = map.get("outputs").map(n -> tree.ids(n, context, "outputs", "output")).orElse(List.of());
        PortReader.Ports p = ports.read(map, context, out);
        checkOneStdoutOperator(ops, context);
        List<String> jvm = map.get("jvm_options")
                .map(n -> tree.strings(n, context, "jvm_options", "strings")).orElse(List.of());
        Optional<String> machine = deployMachine(map, context).or(() -> defaultMachine);
        List<BuildStep> build = map.get("build").map(n -> BuildStepReader.read(tree, n, context)).orElse(List.of());
        Supervision watch = supervision.read(map, context);
        return id.map(i -> new NodeSpec(i, path, className, ops, args, env, in, out, jvm, machine, build,
                tree.problems().at(node), p.outputTypes(), p.inputTypes(), p.stdoutOutput(), bean, watch));
    }

    /** What a runtime node prints goes to one output: at most one of its operators may name it (as in dora). */
    private void checkOneStdoutOperator(List<OperatorSpec> ops, String context) {
        List<OperatorSpec> printing = ops.stream().filter(op -> op.sendStdoutAs().isPresent()).toList();
        for (int i = 1; i < printing.size(); i++) {
            tree.problems().add(printing.get(i).location(), context + ": operator '" + printing.get(i).id()
                    + "': send_stdout_as: operator '" + printing.get(0).id() + "' has it already: everything a "
                    + "runtime node prints goes to one output, so only one of its operators may have it");
        }
    }

    private static Optional<String> peekId(Node node) {
        if (node instanceof MappingNode) {
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode && tuple.getValueNode() instanceof ScalarNode
                        && "id".equals(((ScalarNode) tuple.getKeyNode()).getValue())
                        && !YamlTree.isNull(tuple.getValueNode())) {
                    return Optional.of(((ScalarNode) tuple.getValueNode()).getValue());
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> id(YamlMap map, String context) {
        Optional<Node> node = map.get("id");
        if (node.isEmpty()) {
            tree.report(map.node(), context, "missing 'id'");
            return Optional.empty();
        }
        return tree.string(node.get(), context, "id").filter(id -> tree.checkId(node.get(), context, "node", id));
    }

    /** Exactly one of {@code path}, {@code class}, {@code bean}, {@code operators} and {@code operator}. */
    private void checkKind(YamlMap map, String context) {
        List<String> kinds = new ArrayList<>();
        for (String kind : KINDS) {
            if (map.has(kind)) {
                kinds.add(kind);
            }
        }
        if (kinds.isEmpty()) {
            tree.report(map.node(), context, "needs one of " + KIND_LIST);
        }
        for (int i = 1; i < kinds.size(); i++) {
            tree.report(map.keyNode(kinds.get(i)), context, "'" + kinds.get(0) + "' and '" + kinds.get(i)
                    + "' cannot be used together: use exactly one of " + KIND_LIST);
        }
        boolean hostsOperators = map.has("operators") || map.has("operator");
        for (String field : List.of("inputs", "outputs")) {
            if (hostsOperators && map.has(field)) {
                tree.report(map.keyNode(field), context, "'" + field
                        + "' cannot be used with operators: declare inputs and outputs on each operator");
            }
        }
    }

    private List<OperatorSpec> operators(YamlMap map, String context) {
        List<OperatorSpec> result = new ArrayList<>();
        map.get("operators").ifPresent(n -> result.addAll(operators.readList(n, context)));
        map.get("operator").flatMap(n -> operators.readSingle(n, context)).ifPresent(result::add);
        return result;
    }

    private List<String> args(Node node, String context) {
        if (node instanceof ScalarNode && !YamlTree.isNull(node)) {
            Optional<List<String>> words = ArgsSplitter.split(((ScalarNode) node).getValue());
            if (words.isEmpty()) {
                tree.report(node, context, "'args' has a quote that is not closed");
            }
            return words.orElse(List.of());
        }
        return tree.strings(node, context, "args", "strings (or one string)");
    }

    /** {@code env:} of a node, or the top-level one ({@code context} empty). */
    Map<String, String> env(Node node, String context) {
        Map<String, String> env = new LinkedHashMap<>();
        if (YamlTree.isNull(node)) {
            return env;
        }
        for (Map.Entry<String, NodeTuple> entry : tree.map(node, context, "env", "variable")
                .map(YamlMap::entries).orElse(Map.of()).entrySet()) {
            Node value = entry.getValue().getValueNode();
            if (value instanceof ScalarNode && !YamlTree.isNull(value)) {
                env.put(entry.getKey(), ((ScalarNode) value).getValue());
            } else {
                tree.report(value, context, "env '" + entry.getKey() + "' must be a string, number or boolean, not "
                        + YamlTree.describe(value) + (YamlTree.isNull(value) ? " (write \"\" for empty)" : ""));
            }
        }
        return env;
    }

    /** {@code deploy.machine} (dora also spells it {@code _unstable_deploy}). */
    private Optional<String> deployMachine(YamlMap map, String context) {
        Optional<String> machine = Optional.empty();
        for (String field : List.of("deploy", "_unstable_deploy")) {
            Optional<YamlMap> deploy = map.get(field).flatMap(n -> tree.map(n, context, field, "key"));
            if (deploy.isPresent()) {
                tree.checkKeys(deploy.get(), context.isEmpty() ? field : context + ": " + field, DEPLOY_KEYS, DoraKeys.DEPLOY);
                machine = deploy.get().get("machine").flatMap(n -> tree.string(n, context, field + ".machine"));
            }
        }
        return machine;
    }
}
