package dev.jdora.cli.graph;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.OperatorSpec;
import dev.jdora.core.dataflow.QueuePolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The drawing-neutral shape of a dataflow: vertices with generated ids ({@code n0} for nodes in file order,
 * {@code n0o0} for the operators of a runtime node, which is a {@link Box} around them, {@code t0} for distinct
 * timers in order of first use, {@code u0} for sources naming no node) and one edge per input, drawn to the node or
 * operator that reads it and from the node or operator that writes it. Every writer renders this, so Mermaid and DOT
 * always show the same content.
 *
 * @param shapes what is drawn at the top level, in order: nodes and runtime nodes in file order, then timers, then
 *               unknown sources
 */
record DataflowGraph(String title, List<Shape> shapes, List<Edge> edges) {

    /** What a vertex stands for; decides its shape. */
    enum Kind { NODE, OPERATOR, TIMER, MISSING }

    /** A top-level shape: a vertex, or a box of vertices. */
    sealed interface Shape permits Vertex, Box {
    }

    /**
     * @param key     generated id, safe as a Mermaid or DOT identifier
     * @param kind    what it stands for
     * @param label   main text (node, operator or timer id)
     * @param details smaller lines under the label, unescaped
     */
    record Vertex(String key, Kind kind, String label, List<String> details) implements Shape {
    }

    /**
     * A runtime node: a box labelled with the node id around one vertex per operator.
     *
     * @param key       generated id ({@code n0}), safe as a Mermaid or DOT identifier
     * @param label     the node id
     * @param operators its operators, in file order
     */
    record Box(String key, String label, List<Vertex> operators) implements Shape {
    }

    /**
     * @param from   key of the source vertex
     * @param to     key of the reading vertex
     * @param label  {@code output → input}, or just the input for a timer
     * @param detail non-default queue settings, if any
     * @param reader the input drawn, as its node's statistics name it: {@code node/input}, or
     *               {@code node/operator/input} for an operator's
     */
    record Edge(String from, String to, String label, Optional<String> detail, String reader) {
    }

    /** Every vertex, those inside boxes included, in drawing order. */
    List<Vertex> vertices() {
        List<Vertex> all = new ArrayList<>();
        for (Shape shape : shapes) {
            if (shape instanceof Vertex v) {
                all.add(v);
            } else if (shape instanceof Box box) {
                all.addAll(box.operators());
            }
        }
        return all;
    }

    static DataflowGraph of(Dataflow flow) {
        return new Builder(flow).build();
    }

    /** Single-use: collects vertices while walking the inputs of every node and operator. */
    private static final class Builder {
        private final Dataflow flow;
        private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
        private final Map<String, String> nodeKeys = new LinkedHashMap<>();
        private final Map<String, Vertex> timers = new LinkedHashMap<>();
        private final Map<String, Vertex> missing = new LinkedHashMap<>();
        private final List<Edge> edges = new ArrayList<>();

        Builder(Dataflow flow) {
            this.flow = flow;
            for (NodeSpec node : flow.nodes()) {
                nodes.putIfAbsent(node.id(), node);
                nodeKeys.putIfAbsent(node.id(), "n" + nodeKeys.size());
            }
        }

        DataflowGraph build() {
            for (NodeSpec node : flow.nodes()) {
                String key = nodeKeys.get(node.id());
                node.inputs().forEach(input -> edges.add(edge(input, key, node.id() + "/" + input.id())));
                for (int i = 0; i < node.operators().size(); i++) {
                    String opKey = operatorKey(key, i);
                    OperatorSpec op = node.operators().get(i);
                    op.inputs().forEach(input -> edges.add(edge(input, opKey,
                            node.id() + "/" + op.id() + "/" + input.id())));
                }
            }
            List<Shape> shapes = new ArrayList<>();
            Set<String> read = readOutputs();
            flow.nodes().forEach(node -> shapes.add(node.operators().isEmpty() ? nodeVertex(node, read)
                    : box(node, read)));
            shapes.addAll(timers.values());
            shapes.addAll(missing.values());
            return new DataflowGraph(title(flow), List.copyOf(shapes), List.copyOf(edges));
        }

        private Vertex nodeVertex(NodeSpec node, Set<String> read) {
            List<String> details = new ArrayList<>();
            node.className().or(node::path).ifPresent(details::add);
            unread(node.id() + "/", node.outputs(), read).ifPresent(details::add);
            return new Vertex(nodeKeys.get(node.id()), Kind.NODE, node.id(), List.copyOf(details));
        }

        private Box box(NodeSpec node, Set<String> read) {
            String key = nodeKeys.get(node.id());
            List<Vertex> operators = new ArrayList<>();
            for (int i = 0; i < node.operators().size(); i++) {
                OperatorSpec op = node.operators().get(i);
                List<String> details = new ArrayList<>();
                op.className().ifPresent(details::add);
                unread(node.id() + "/" + op.id() + "/", op.outputs(), read).ifPresent(details::add);
                operators.add(new Vertex(operatorKey(key, i), Kind.OPERATOR, op.id(), List.copyOf(details)));
            }
            return new Box(key, node.id(), List.copyOf(operators));
        }

        private static Optional<String> unread(String prefix, List<String> outputs, Set<String> read) {
            List<String> unread = outputs.stream().filter(out -> !read.contains(prefix + out)).toList();
            return unread.isEmpty() ? Optional.empty()
                    : Optional.of((unread.size() == 1 ? "unread output: " : "unread outputs: ")
                            + String.join(", ", unread));
        }

        private Edge edge(InputSpec input, String to, String reader) {
            InputSource source = input.source();
            if (source instanceof InputSource.Timer timer) {
                String from = timers.computeIfAbsent(timer.text(),
                        text -> new Vertex("t" + timers.size(), Kind.TIMER, text, List.of())).key();
                return new Edge(from, to, input.id(), queueDetail(input), reader);
            }
            Endpoint from = endpoint((InputSource.NodeOutput) source);
            return new Edge(from.key(), to, from.output() + " → " + input.id(), queueDetail(input), reader);
        }

        /** The vertex that writes {@code output}, and the output's name as seen there. */
        private Endpoint endpoint(InputSource.NodeOutput output) {
            NodeSpec node = nodes.get(output.nodeId());
            if (node == null) {
                // A validated dataflow never gets here; drawing the dangling source beats hiding the edge.
                return new Endpoint(missing(output.nodeId(), "unknown node"), output.outputId());
            }
            String key = nodeKeys.get(node.id());
            if (node.operators().isEmpty()) {
                return new Endpoint(key, output.outputId());
            }
            String[] parts = canonical(node, output.outputId()).split("/", 2);
            for (int i = 0; i < node.operators().size(); i++) {
                if (node.operators().get(i).id().equals(parts[0]) && parts.length == 2) {
                    return new Endpoint(operatorKey(key, i), parts[1]);
                }
            }
            return new Endpoint(missing(node.id() + "/" + parts[0], "unknown operator"), output.outputId());
        }

        private String missing(String label, String detail) {
            return missing.computeIfAbsent(label,
                    id -> new Vertex("u" + missing.size(), Kind.MISSING, id, List.of(detail))).key();
        }

        /** Outputs read by some input, as {@code node/output} or {@code node/operator/output}. */
        private Set<String> readOutputs() {
            Set<String> read = new HashSet<>();
            for (NodeSpec node : flow.nodes()) {
                List<InputSpec> inputs = new ArrayList<>(node.inputs());
                node.operators().forEach(op -> inputs.addAll(op.inputs()));
                for (InputSpec input : inputs) {
                    if (input.source() instanceof InputSource.NodeOutput output) {
                        NodeSpec source = nodes.get(output.nodeId());
                        read.add(output.nodeId() + "/"
                                + (source == null ? output.outputId() : canonical(source, output.outputId())));
                    }
                }
            }
            return read;
        }
    }

    private record Endpoint(String key, String output) {
    }

    private static String operatorKey(String nodeKey, int index) {
        return nodeKey + "o" + index;
    }

    /** {@code operator/output}: the single-operator short form {@code output} written out. */
    private static String canonical(NodeSpec node, String outputId) {
        return node.operators().size() == 1 && !outputId.contains("/")
                ? node.operators().get(0).id() + "/" + outputId : outputId;
    }

    /** Non-default queue settings, e.g. {@code queue_size 1, drop_oldest}; empty for the defaults. */
    static Optional<String> queueDetail(InputSpec input) {
        List<String> parts = new ArrayList<>();
        if (input.queueSize() != InputSpec.DEFAULT_QUEUE_SIZE) {
            // The policy says what a full queue does, so it belongs next to a changed size.
            parts.add("queue_size " + input.queueSize() + ", " + input.queuePolicy().yamlName());
        } else if (input.queuePolicy() != QueuePolicy.DROP_OLDEST) {
            parts.add(input.queuePolicy().yamlName());
        }
        input.inputTimeout().ifPresent(timeout -> parts.add("input_timeout " + format(timeout)));
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static String title(Dataflow flow) {
        Path name = flow.file().getFileName();
        return name == null ? flow.file().toString() : name.toString();
    }
}
