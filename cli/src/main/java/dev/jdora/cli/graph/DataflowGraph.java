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
 * {@code t0} for distinct timers in order of first use, {@code u0} for sources naming no node) and one edge per
 * input. Both writers render this, so Mermaid and DOT always show the same content.
 */
record DataflowGraph(String title, List<Vertex> vertices, List<Edge> edges) {

    /** What a vertex stands for; decides its shape. */
    enum Kind { NODE, TIMER, MISSING }

    /**
     * @param key     generated id, safe as a Mermaid or DOT identifier
     * @param kind    what it stands for
     * @param label   main text (node id or timer source)
     * @param details smaller lines under the label, unescaped
     */
    record Vertex(String key, Kind kind, String label, List<String> details) {
    }

    /**
     * @param from   key of the source vertex
     * @param to     key of the reading node
     * @param label  {@code output → input}, or just the input for a timer
     * @param detail non-default queue settings, if any
     */
    record Edge(String from, String to, String label, Optional<String> detail) {
    }

    static DataflowGraph of(Dataflow flow) {
        return new Builder(flow).build();
    }

    /** Single-use: collects vertices while walking the inputs of every node. */
    private static final class Builder {
        private final Dataflow flow;
        private final Map<String, String> nodeKeys = new LinkedHashMap<>();
        private final Map<String, Vertex> timers = new LinkedHashMap<>();
        private final Map<String, Vertex> missing = new LinkedHashMap<>();
        private final List<Edge> edges = new ArrayList<>();

        Builder(Dataflow flow) {
            this.flow = flow;
            for (NodeSpec node : flow.nodes()) {
                nodeKeys.putIfAbsent(node.id(), "n" + nodeKeys.size());
            }
        }

        DataflowGraph build() {
            for (NodeSpec node : flow.nodes()) {
                for (InputSpec input : inputsOf(node)) {
                    edges.add(edge(input, nodeKeys.get(node.id())));
                }
            }
            List<Vertex> vertices = new ArrayList<>();
            Set<String> read = readOutputs(flow);
            flow.nodes().forEach(node -> vertices.add(nodeVertex(node, read)));
            vertices.addAll(timers.values());
            vertices.addAll(missing.values());
            return new DataflowGraph(title(flow), List.copyOf(vertices), List.copyOf(edges));
        }

        private Vertex nodeVertex(NodeSpec node, Set<String> read) {
            List<String> details = new ArrayList<>();
            details.add(runs(node));
            List<String> unread = outputsOf(node).stream()
                    .filter(out -> !read.contains(node.id() + "/" + out))
                    .toList();
            if (!unread.isEmpty()) {
                String prefix = unread.size() == 1 ? "unread output: " : "unread outputs: ";
                details.add(prefix + String.join(", ", unread));
            }
            return new Vertex(nodeKeys.get(node.id()), Kind.NODE, node.id(), List.copyOf(details));
        }

        private Edge edge(InputSpec input, String to) {
            InputSource source = input.source();
            if (source instanceof InputSource.Timer timer) {
                String from = timers.computeIfAbsent(timer.text(),
                        text -> new Vertex("t" + timers.size(), Kind.TIMER, text, List.of())).key();
                return new Edge(from, to, input.id(), queueDetail(input));
            }
            InputSource.NodeOutput output = (InputSource.NodeOutput) source;
            String label = output.outputId() + " → " + input.id();
            return new Edge(sourceKey(output.nodeId()), to, label, queueDetail(input));
        }

        private String sourceKey(String nodeId) {
            String key = nodeKeys.get(nodeId);
            if (key != null) {
                return key;
            }
            // A validated dataflow never gets here; drawing the dangling source beats hiding the edge.
            return missing.computeIfAbsent(nodeId,
                    id -> new Vertex("u" + missing.size(), Kind.MISSING, id, List.of("unknown node"))).key();
        }
    }

    /** Inputs of the node itself and of its operators, operator inputs named {@code operator/input}. */
    static List<InputSpec> inputsOf(NodeSpec node) {
        List<InputSpec> inputs = new ArrayList<>(node.inputs());
        for (OperatorSpec op : node.operators()) {
            for (InputSpec in : op.inputs()) {
                inputs.add(new InputSpec(op.id() + "/" + in.id(), in.source(), in.queueSize(), in.queuePolicy(),
                        in.inputTimeout(), in.location()));
            }
        }
        return inputs;
    }

    /** Outputs of the node itself and of its operators, operator outputs named {@code operator/output}. */
    static List<String> outputsOf(NodeSpec node) {
        List<String> outputs = new ArrayList<>(node.outputs());
        for (OperatorSpec op : node.operators()) {
            op.outputs().forEach(out -> outputs.add(op.id() + "/" + out));
        }
        return outputs;
    }

    private static Set<String> readOutputs(Dataflow flow) {
        Set<String> read = new HashSet<>();
        for (NodeSpec node : flow.nodes()) {
            for (InputSpec input : inputsOf(node)) {
                if (input.source() instanceof InputSource.NodeOutput output) {
                    read.add(output.text());
                }
            }
        }
        return read;
    }

    private static String runs(NodeSpec node) {
        if (node.className().isPresent()) {
            return node.className().get();
        }
        if (node.path().isPresent()) {
            return node.path().get();
        }
        List<String> ops = node.operators().stream().map(OperatorSpec::id).toList();
        return "operators: " + String.join(", ", ops);
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
