package dev.jdora.core.dataflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A YAML mapping whose keys are strings, in file order; for a duplicated key the first entry counts (the
 * duplicate is reported by {@link YamlTree#map}).
 */
final class YamlMap {

    private final MappingNode node;
    private final Map<String, NodeTuple> entries;

    YamlMap(MappingNode node, LinkedHashMap<String, NodeTuple> entries) {
        this.node = node;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The mapping itself, to locate problems about it as a whole. */
    Node node() {
        return node;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Optional<Node> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    /** The key node of an entry that exists. */
    Node keyNode(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            throw new IllegalArgumentException("no key " + key);
        }
        return tuple.getKeyNode();
    }

    /** The entries in file order: key text to value node. */
    Map<String, NodeTuple> entries() {
        return entries;
    }
}
