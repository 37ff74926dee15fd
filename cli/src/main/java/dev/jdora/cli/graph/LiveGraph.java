package dev.jdora.cli.graph;

import dev.jdora.core.dataflow.Dataflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The drawing of a running dataflow for {@code jdora ui}: the same graph as {@link GraphRenderer#mermaid}, with live
 * text under each edge and each node filled in the colour of its state. Immutable and thread-safe.
 *
 * <pre>{@code
 * LiveGraph graph = LiveGraph.of(Dataflow.load(run.dataflow()));
 * String text = graph.mermaid(reader -> Optional.of("50.0 msg/s"), Map.of("camera", "failed"));
 * }</pre>
 */
public final class LiveGraph {

    /** Fill and stroke of a node in each state; anything else is drawn as declared. */
    private static final Map<String, String> STATE_STYLES = Map.of(
            "starting", "fill:#fff8e1,stroke:#f9a825",
            "running", "fill:#e8f5e9,stroke:#2e7d32",
            "finished", "fill:#eeeeee,stroke:#9e9e9e,color:#616161",
            "failed", "fill:#ffcdd2,stroke:#c62828,stroke-width:3px");

    private final DataflowGraph graph;
    private final Map<String, String> nodeKeys;

    private LiveGraph(DataflowGraph graph) {
        this.graph = graph;
        Map<String, String> keys = new LinkedHashMap<>();
        for (DataflowGraph.Shape shape : graph.shapes()) {
            if (shape instanceof DataflowGraph.Vertex v && v.kind() == DataflowGraph.Kind.NODE) {
                keys.putIfAbsent(v.label(), v.key());
            } else if (shape instanceof DataflowGraph.Box box) {
                keys.putIfAbsent(box.label(), box.key());
            }
        }
        this.nodeKeys = Map.copyOf(keys);
    }

    public static LiveGraph of(Dataflow flow) {
        return new LiveGraph(DataflowGraph.of(flow));
    }

    /** The file name of the dataflow. */
    public String title() {
        return graph.title();
    }

    /** The generated Mermaid id of each node ({@code n0}, …; a runtime node's box), by node id. */
    public Map<String, String> nodeKeys() {
        return nodeKeys;
    }

    /**
     * Mermaid text of the graph now.
     *
     * @param edgeDetail what to write under the edge to an input, given its statistics name ({@code node/input});
     *                   after its non-default queue settings
     * @param nodeStates each node's state ({@code starting}, {@code running}, {@code finished}, {@code failed}), by
     *                   node id
     */
    public String mermaid(Function<String, Optional<String>> edgeDetail, Map<String, String> nodeStates) {
        List<DataflowGraph.Edge> edges = graph.edges().stream().map(e -> {
            Optional<String> live = edgeDetail.apply(e.reader());
            Optional<String> detail = e.detail().isEmpty() ? live
                    : live.map(text -> e.detail().get() + " · " + text).or(e::detail);
            return new DataflowGraph.Edge(e.from(), e.to(), e.label(), detail, e.reader());
        }).toList();
        StringBuilder text = new StringBuilder(MermaidWriter.write(new DataflowGraph(graph.title(), graph.shapes(),
                edges)));
        nodeStates.forEach((node, state) -> {
            String key = nodeKeys.get(node);
            String style = STATE_STYLES.get(state);
            if (key != null && style != null) {
                text.append("    style ").append(key).append(' ').append(style).append('\n');
            }
        });
        return text.toString();
    }

    /**
     * The page of {@code jdora ui} (the Mermaid library inlined, nothing loaded from elsewhere). It polls
     * {@code state?token=…} every second and {@code log?token=…&node=…} for the node clicked; see {@code LivePage}.
     */
    public static String page(String title) {
        return LivePage.render(title, MermaidLibrary.script());
    }
}
