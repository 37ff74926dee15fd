package dev.jdora.cli.graph;

import dev.jdora.cli.graph.DataflowGraph.Box;
import dev.jdora.cli.graph.DataflowGraph.Edge;
import dev.jdora.cli.graph.DataflowGraph.Kind;
import dev.jdora.cli.graph.DataflowGraph.Shape;
import dev.jdora.cli.graph.DataflowGraph.Vertex;

import java.util.List;

/**
 * Writes a {@link DataflowGraph} as Graphviz DOT. Labels are HTML-like ({@code <...>}) so details can be set in a
 * smaller font; their text is XML-escaped. A runtime node is a {@code cluster} around its operators. Edge labels are
 * plain {@code label}s, which {@code dot} lays out beside their edge with room of their own (an {@code xlabel} is
 * placed after layout and may land on other edges).
 */
final class DotWriter {

    private static final String INDENT = "    ";

    private DotWriter() {
    }

    static String write(DataflowGraph graph) {
        StringBuilder out = new StringBuilder();
        out.append("digraph \"").append(quoted(graph.title())).append("\" {\n")
                .append(INDENT).append("rankdir=LR;\n")
                .append(INDENT).append("fontname=\"Helvetica\";\n")
                .append(INDENT).append("node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
                .append(INDENT).append("edge [fontname=\"Helvetica\", fontsize=11];\n");
        for (Shape shape : graph.shapes()) {
            if (shape instanceof Vertex v) {
                out.append(INDENT).append(vertex(v)).append('\n');
            } else if (shape instanceof Box box) {
                appendCluster(out, box);
            }
        }
        graph.edges().forEach(e -> out.append(INDENT).append(edge(e)).append('\n'));
        return out.append("}\n").toString();
    }

    /** A runtime node: a cluster labelled with its id around its operators. */
    private static void appendCluster(StringBuilder out, Box box) {
        out.append(INDENT).append("subgraph cluster_").append(box.key()).append(" {\n")
                .append(INDENT).append(INDENT).append("label=").append(label(box.label(), List.of()))
                .append("; style=\"rounded,filled\"; fillcolor=\"#fafafa\"; color=\"#888888\";\n");
        box.operators().forEach(v -> out.append(INDENT).append(INDENT).append(vertex(v)).append('\n'));
        out.append(INDENT).append("}\n");
    }

    private static String vertex(Vertex v) {
        String attributes = switch (v.kind()) {
            case NODE -> "";
            case OPERATOR -> ", style=\"rounded,filled\", fillcolor=\"#fff8e8\"";
            case TIMER -> ", shape=oval, style=filled, fillcolor=\"#eef3ff\"";
            case MISSING -> ", style=\"rounded,dashed\", color=\"#cc3333\"";
        };
        return v.key() + " [label=" + label(v.label(), v.details()) + attributes + "];";
    }

    private static String edge(Edge e) {
        String label = label(e.label(), e.detail().map(List::of).orElse(List.of()));
        return e.from() + " -> " + e.to() + " [label=" + label + "];";
    }

    private static String label(String main, List<String> details) {
        StringBuilder label = new StringBuilder("<").append(xml(main));
        for (String detail : details) {
            label.append("<BR/><FONT POINT-SIZE=\"9\">").append(xml(detail)).append("</FONT>");
        }
        return label.append('>').toString();
    }

    /** Escapes text inside a DOT HTML-like label. */
    static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** Escapes text inside a DOT double-quoted string. */
    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\p{Cntrl}", " ");
    }
}
