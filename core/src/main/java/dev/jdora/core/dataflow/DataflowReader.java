package dev.jdora.core.dataflow;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads the top level of a dataflow file: {@code nodes:}, dora's {@code exit_when_nodes_finish:}, jdora's
 * {@code classpath:}, dora's {@code env:} (every node's environment, under its own {@code env:}) and
 * {@code type_rules:}; dora 1.0's {@code deploy:} (also {@code _unstable_deploy:}), whose {@code machine} is
 * the default of every node's {@code deploy.machine}; dora's {@code communication:} and
 * {@code _unstable_debug:} are accepted and ignored, and so is {@code strict_types:} (jdora's type checks are always
 * strict: every type problem fails the load).
 */
final class DataflowReader {

    private static final Set<String> KEYS = Set.of("nodes", "classpath", "communication", "deploy",
            "_unstable_deploy", "env", "strict_types", "type_rules", "_unstable_debug", ExitWhenNodesFinishReader.KEY);

    private final YamlTree tree;
    private final NodeReader nodes;
    private List<Map.Entry<PortType, PortType>> typeRules = List.of();

    DataflowReader(YamlTree tree) {
        this.tree = tree;
        this.nodes = new NodeReader(tree);
    }

    /** The dataflow as far as it could be read; the problems are in the tree's {@link Problems}. */
    Dataflow read(Optional<Node> root, Path file) {
        if (root.isEmpty()) {
            tree.problems().add(tree.problems().start(), "the file is empty: expected a mapping with 'nodes:'");
            return new Dataflow(file, List.of(), List.of());
        }
        if (!(root.get() instanceof MappingNode)) {
            tree.report(root.get(), "", "the top level must be a mapping with 'nodes:', not "
                    + YamlTree.describe(root.get()));
            return new Dataflow(file, List.of(), List.of());
        }
        YamlMap map = tree.map(root.get(), "", "top level", "key").orElseThrow();
        if (!map.has("nodes") && map.has("id")) {
            tree.report(map.keyNode("id"), "", "this file describes one node (for dora's 'dora node add "
                    + "--from-yaml'), not a dataflow: jdora does not add nodes to a running dataflow; a dataflow file "
                    + "lists its nodes under 'nodes:'");
            return new Dataflow(file, List.of(), List.of());
        }
        tree.checkKeys(map, "", KEYS, DoraKeys.TOP);
        if (map.has("module")) {
            return new Dataflow(file, List.of(), List.of()); // its nodes are a module's, wired to '_mod'
        }
        map.get("env").ifPresent(n -> nodes.globalEnv(nodes.env(n, "")));
        nodes.defaultDeploy(map);
        map.get("strict_types").filter(n -> !n.getTag().equals(Tag.BOOL)).ifPresent(n -> tree.report(n, "",
                "'strict_types' must be true or false, not " + YamlTree.describe(n)));
        typeRules = map.get("type_rules").map(n -> new PortReader(tree).rules(n)).orElse(List.of());
        List<NodeSpec> specs = map.get("nodes").map(this::nodes).orElseGet(() -> missingNodes(map));
        List<Path> classpath = map.get("classpath").map(n -> classpath(n, file)).orElse(List.of());
        ExitWhenNodesFinish exitWhen = map.get(ExitWhenNodesFinishReader.KEY)
                .map(n -> ExitWhenNodesFinishReader.read(tree, n)).orElse(ExitWhenNodesFinish.off());
        return new Dataflow(file, List.copyOf(specs), List.copyOf(classpath), exitWhen);
    }

    /** The top-level {@code type_rules:}, once {@link #read} has run. */
    List<Map.Entry<PortType, PortType>> typeRules() {
        return typeRules;
    }

    /** The nodes of a kind jdora cannot run (see {@link NodeReader#foreignNodes()}), once {@link #read} has run. */
    Set<String> foreignNodes() {
        return nodes.foreignNodes();
    }

    private List<NodeSpec> missingNodes(YamlMap map) {
        tree.report(map.node(), "", "missing 'nodes:' (the list of nodes)");
        return List.of();
    }

    private List<NodeSpec> nodes(Node node) {
        List<NodeSpec> result = new ArrayList<>();
        List<Node> items = tree.list(node, "", "nodes", "nodes").orElse(List.of());
        if (items.isEmpty() && node instanceof SequenceNode) {
            tree.report(node, "", "'nodes' is empty: a dataflow needs at least one node");
        }
        for (int i = 0; i < items.size(); i++) {
            nodes.read(items.get(i), i + 1).ifPresent(result::add);
        }
        return result;
    }

    /** A string or a list of strings, each resolved against the dataflow file's directory. */
    private List<Path> classpath(Node node, Path file) {
        List<String> entries = node instanceof ScalarNode && !YamlTree.isNull(node)
                ? List.of(((ScalarNode) node).getValue())
                : tree.strings(node, "", "classpath", "paths (or one path)");
        Path base = file.toAbsolutePath().getParent();
        List<Path> result = new ArrayList<>();
        for (String entry : entries) {
            try {
                result.add(base == null ? Path.of(entry) : base.resolve(entry).normalize());
            } catch (InvalidPathException e) {
                tree.report(node, "", "'classpath' entry '" + entry + "' is not a valid path: " + e.getReason());
            }
        }
        return result;
    }
}
