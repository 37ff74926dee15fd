package dev.jdora.core.dataflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads {@code exit_when_nodes_finish:} (a boolean, or a list of node ids); the ids are checked by the validator. */
final class ExitWhenNodesFinishReader {

    static final String KEY = "exit_when_nodes_finish";

    private ExitWhenNodesFinishReader() {
    }

    static ExitWhenNodesFinish read(YamlTree tree, Node node) {
        if (YamlTree.isNull(node)) {
            return ExitWhenNodesFinish.off();
        }
        if (node instanceof ScalarNode scalar && node.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(scalar.getValue().toLowerCase(Locale.ROOT))
                    ? new ExitWhenNodesFinish.EveryDataNode() : ExitWhenNodesFinish.off();
        }
        if (!(node instanceof SequenceNode sequence)) {
            tree.report(node, "", "'" + KEY + "' must be true, false or a list of node ids, not "
                    + YamlTree.describe(node));
            return ExitWhenNodesFinish.off();
        }
        List<ExitWhenNodesFinish.NamedNode> named = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (Node item : sequence.getValue()) {
            tree.string(item, KEY, "node id").ifPresent(id -> {
                Node first = seen.putIfAbsent(id, item);
                if (first != null) {
                    tree.report(item, KEY, "duplicate node '" + id + "' (first at line "
                            + tree.problems().at(first).line() + ")");
                } else {
                    named.add(new ExitWhenNodesFinish.NamedNode(id, tree.problems().at(item)));
                }
            });
        }
        if (sequence.getValue().isEmpty()) {
            tree.report(node, "", "'" + KEY + "' is an empty list: name the nodes whose end ends the dataflow, or "
                    + "write true or false");
        }
        return new ExitWhenNodesFinish.Listed(named);
    }
}
