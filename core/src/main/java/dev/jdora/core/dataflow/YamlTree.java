package dev.jdora.core.dataflow;

import dev.jdora.core.internal.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads values out of a composed YAML node tree, reporting every wrong type to {@link Problems} instead of
 * throwing. A {@code context} names where we are ({@code node 'sink': input 'frames'}) and prefixes messages.
 */
final class YamlTree {

    private final Problems problems;

    YamlTree(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** Reports {@code context: message} at the node. */
    void report(Node at, String context, String message) {
        problems.add(at, prefix(context) + message);
    }

    /**
     * A mapping with string keys; reports a wrong type, non-string keys and duplicate keys (named {@code keyNoun},
     * e.g. "input").
     */
    Optional<YamlMap> map(Node node, String context, String field, String keyNoun) {
        if (!(node instanceof MappingNode)) {
            report(node, context, "'" + field + "' must be a mapping, not " + describe(node));
            return Optional.empty();
        }
        LinkedHashMap<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode) || isNull(key)) {
                report(key, context, "the keys of '" + field + "' must be strings, not " + describe(key));
            } else if (key.getTag().equals(Tag.MERGE)) {
                report(key, context, "merge keys ('<<') are not supported");
            } else {
                putOnce(entries, tuple, context, keyNoun);
            }
        }
        return Optional.of(new YamlMap((MappingNode) node, entries));
    }

    private void putOnce(Map<String, NodeTuple> entries, NodeTuple tuple, String context, String keyNoun) {
        String key = ((ScalarNode) tuple.getKeyNode()).getValue();
        NodeTuple first = entries.get(key);
        if (first == null) {
            entries.put(key, tuple);
        } else {
            report(tuple.getKeyNode(), context, "duplicate " + keyNoun + " '" + key + "' (first at line "
                    + problems.at(first.getKeyNode()).line() + ")");
        }
    }

    /** Reports every key that is not allowed, with a "did you mean" when one is close. */
    void checkKeys(YamlMap map, String context, Set<String> allowed) {
        checkKeys(map, context, allowed, Map.of());
    }

    /**
     * As {@link #checkKeys(YamlMap, String, Set)}, but a key of {@code refused} (a key of dora's format that jdora
     * does not support) is reported by name with its reason, {@code 'key' <reason>}, instead of as unknown.
     */
    void checkKeys(YamlMap map, String context, Set<String> allowed, Map<String, String> refused) {
        for (String key : map.keys()) {
            if (refused.containsKey(key)) {
                report(map.keyNode(key), context, "'" + key + "' " + refused.get(key));
            } else if (!allowed.contains(key)) {
                report(map.keyNode(key), context, "unknown key '" + key + "'" + Suggestions.didYouMean(key, allowed));
            }
        }
    }

    /** A non-empty scalar as text (numbers and booleans as written). */
    Optional<String> string(Node node, String context, String field) {
        if (node instanceof ScalarNode && !isNull(node)) {
            return Optional.of(((ScalarNode) node).getValue());
        }
        report(node, context, "'" + field + "' must be a string, not " + describe(node));
        return Optional.empty();
    }

    /** The items of a list; reports a wrong type. */
    Optional<List<Node>> list(Node node, String context, String field, String itemsAre) {
        if (node instanceof SequenceNode) {
            return Optional.of(((SequenceNode) node).getValue());
        }
        report(node, context, "'" + field + "' must be a list of " + itemsAre + ", not " + describe(node));
        return Optional.empty();
    }

    /** A list of strings; a wrong item is reported and left out. */
    List<String> strings(Node node, String context, String field, String itemsAre) {
        List<String> result = new ArrayList<>();
        for (Node item : list(node, context, field, itemsAre).orElse(List.of())) {
            if (item instanceof ScalarNode && !isNull(item)) {
                result.add(((ScalarNode) item).getValue());
            } else {
                report(item, context, "'" + field + "' items must be strings, not " + describe(item));
            }
        }
        return result;
    }

    /** Distinct ids, each reported if malformed or duplicated (named {@code noun}, e.g. "output"); none if empty. */
    List<String> ids(Node node, String context, String field, String noun) {
        List<String> result = new ArrayList<>();
        if (isNull(node)) {
            return result;
        }
        Map<String, Node> seen = new HashMap<>();
        for (Node item : list(node, context, field, noun + " ids").orElse(List.of())) {
            Optional<String> id = string(item, context, noun + " id");
            if (id.isEmpty()) {
                continue;
            }
            Node first = seen.putIfAbsent(id.get(), item);
            if (first != null) {
                report(item, context, "duplicate " + noun + " '" + id.get() + "' (first at line "
                        + problems.at(first).line() + ")");
            } else {
                checkId(item, context, noun, id.get());
                result.add(id.get());
            }
        }
        return result;
    }

    /**
     * Reports an id that is not letters, digits, {@code _} and {@code -}, or longer than {@link Ids#MAX_LENGTH}. Only
     * the first makes the id unusable: a long id is kept, so that references to it cause no follow-up problems.
     */
    boolean checkId(Node at, String context, String noun, String id) {
        if (!Ids.isValid(id)) {
            report(at, context, "bad " + noun + " id '" + id + "': use only letters, digits, '_' and '-'");
            return false;
        }
        if (id.length() > Ids.MAX_LENGTH) {
            report(at, context, noun + " id '" + Ids.forMessage(id) + "' is " + id.length()
                    + " characters long: ids have at most " + Ids.MAX_LENGTH);
        }
        return true;
    }

    static boolean isNull(Node node) {
        return node.getTag().equals(Tag.NULL);
    }

    /** How a value reads in a message: "a list", "a mapping", "a number", "nothing", ... */
    static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return "nothing";
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "a number (" + ((ScalarNode) node).getValue() + ")";
        }
        if (tag.equals(Tag.BOOL)) {
            return "a boolean (" + ((ScalarNode) node).getValue() + ")";
        }
        return "a string ('" + ((ScalarNode) node).getValue() + "')";
    }

    static String prefix(String context) {
        return context.isEmpty() ? "" : context + ": ";
    }
}
