package dev.jdora.cli.graph;

import dev.jdora.cli.graph.DataflowGraph.Box;
import dev.jdora.cli.graph.DataflowGraph.Edge;
import dev.jdora.cli.graph.DataflowGraph.Kind;
import dev.jdora.cli.graph.DataflowGraph.Shape;
import dev.jdora.cli.graph.DataflowGraph.Vertex;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a {@link DataflowGraph} as a Mermaid {@code flowchart LR}. Every label is quoted and its text escaped
 * with Mermaid entity codes ({@code #quot;}), so ids, paths and class names cannot break the syntax; the only
 * markup is our own {@code <br/>} and {@code <small>}, which pass Mermaid's strict-mode sanitizer. A runtime node is
 * a {@code subgraph} around its operators.
 */
final class MermaidWriter {

    private static final String INDENT = "    ";

    private MermaidWriter() {
    }

    static String write(DataflowGraph graph) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (Shape shape : graph.shapes()) {
            if (shape instanceof Vertex v) {
                out.append(INDENT).append(vertex(v)).append('\n');
            } else if (shape instanceof Box box) {
                appendBox(out, box);
            }
        }
        graph.edges().forEach(e -> out.append(INDENT).append(edge(e)).append('\n'));
        appendClass(out, graph, Kind.OPERATOR, "operator", "fill:#fff8e8,stroke:#b3914f");
        appendClass(out, graph, Kind.TIMER, "timer", "fill:#eef3ff,stroke:#6b7fb3");
        appendClass(out, graph, Kind.MISSING, "missing", "fill:#fff0f0,stroke:#c33,stroke-dasharray:4 3");
        return out.toString();
    }

    /** A runtime node: a subgraph titled with its id around its operators. */
    private static void appendBox(StringBuilder out, Box box) {
        out.append(INDENT).append("subgraph ").append(box.key()).append(" [\"").append(escape(box.label()))
                .append("\"]\n");
        box.operators().forEach(v -> out.append(INDENT).append(INDENT).append(vertex(v)).append('\n'));
        out.append(INDENT).append("end\n");
        out.append(INDENT).append("style ").append(box.key()).append(" fill:#fafafa,stroke:#888\n");
    }

    private static String vertex(Vertex v) {
        String label = '"' + label(v.label(), v.details()) + '"';
        return v.kind() == Kind.TIMER ? v.key() + "([" + label + "])" : v.key() + "[" + label + "]";
    }

    private static String edge(Edge e) {
        String label = label(e.label(), e.detail().map(List::of).orElse(List.of()));
        return e.from() + " -->|\"" + label + "\"| " + e.to();
    }

    private static String label(String main, List<String> details) {
        StringBuilder label = new StringBuilder(escape(main));
        for (String detail : details) {
            label.append("<br/><small>").append(escape(detail)).append("</small>");
        }
        return label.toString();
    }

    private static void appendClass(StringBuilder out, DataflowGraph graph, Kind kind, String name, String style) {
        String keys = graph.vertices().stream()
                .filter(v -> v.kind() == kind)
                .map(Vertex::key)
                .collect(Collectors.joining(","));
        if (!keys.isEmpty()) {
            out.append(INDENT).append("classDef ").append(name).append(' ').append(style).append('\n');
            out.append(INDENT).append("class ").append(keys).append(' ').append(name).append('\n');
        }
    }

    /**
     * Escapes text for a quoted Mermaid label. {@code #} goes first because every entity code starts with it;
     * {@code <>&} are escaped because Mermaid renders labels as HTML; control characters become spaces.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '#' -> out.append("#35;");
                case '"' -> out.append("#quot;");
                case '<' -> out.append("#lt;");
                case '>' -> out.append("#gt;");
                case '&' -> out.append("#amp;");
                case '|' -> out.append("#124;");
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }
}
