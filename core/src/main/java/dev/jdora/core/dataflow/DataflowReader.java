package dev.jdora.core.dataflow;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the top level of a dataflow file: {@code nodes:}, dora's {@code exit_when_nodes_finish:} and jdora's
 * {@code classpath:}; dora's {@code communication:} and {@code deploy:} / {@code _unstable_deploy:} are accepted and
 * ignored.
 */
final class DataflowReader {

    private static final Set<String> KEYS = Set.of("nodes", "classpath", "communication", "deploy",
            "_unstable_deploy", ExitWhenNodesFinishReader.KEY);

    private final YamlTree tree;
    private final NodeReader nodes;

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
        tree.checkKeys(map, "", KEYS);
        List<NodeSpec> specs = map.get("nodes").map(this::nodes).orElseGet(() -> missingNodes(map));
        List<Path> classpath = map.get("classpath").map(n -> classpath(n, file)).orElse(List.of());
        ExitWhenNodesFinish exitWhen = map.get(ExitWhenNodesFinishReader.KEY)
                .map(n -> ExitWhenNodesFinishReader.read(tree, n)).orElse(ExitWhenNodesFinish.off());
        return new Dataflow(file, List.copyOf(specs), List.copyOf(classpath), exitWhen);
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
