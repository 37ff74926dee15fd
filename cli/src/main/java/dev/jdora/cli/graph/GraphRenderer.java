package dev.jdora.cli.graph;

import dev.jdora.core.dataflow.Dataflow;

/**
 * Renders a dataflow as a picture of its nodes and connections, for {@code jdora graph}.
 *
 * <pre>{@code
 * Dataflow flow = Dataflow.load(Path.of("dataflow.yml"));
 * Files.writeString(Path.of("dataflow.html"), GraphRenderer.html(flow));   // open in any browser, offline
 * }</pre>
 *
 * <p>All three formats show the same content: one box per node (its id, and in smaller text its {@code class:},
 * {@code path:} or operators, plus any outputs that no input reads), one rounded vertex per distinct timer source
 * such as {@code dora/timer/millis/100}, and one edge per input labelled {@code output → input}, with non-default
 * queue settings (e.g. {@code queue_size 1, drop_oldest}, {@code backpressure}) in smaller text. Vertex ids are
 * generated ({@code n0, n1, …} for nodes in file order, {@code t0, …} for timers), so no dataflow id or path can
 * break the output syntax.
 *
 * <p>Stateless and thread-safe. {@link #mermaid} and {@link #dot} are pure; {@link #html} also reads the Mermaid
 * library (about 3 MB) from the classpath.
 */
public final class GraphRenderer {

    private GraphRenderer() {
    }

    /** Mermaid {@code flowchart LR} text, e.g. to paste into Markdown. */
    public static String mermaid(Dataflow flow) {
        return MermaidWriter.write(DataflowGraph.of(flow));
    }

    /** Graphviz DOT text, for {@code dot -Tsvg}. */
    public static String dot(Dataflow flow) {
        return DotWriter.write(DataflowGraph.of(flow));
    }

    /**
     * A self-contained HTML page titled with the dataflow's file name that draws the {@link #mermaid} diagram with
     * the Mermaid library inlined from the {@code org.webjars.npm:mermaid} webjar: it references nothing outside
     * itself and renders without network.
     *
     * @throws IllegalStateException if the mermaid webjar is not on the classpath
     */
    public static String html(Dataflow flow) {
        DataflowGraph graph = DataflowGraph.of(flow);
        return HtmlPage.render(graph.title(), MermaidWriter.write(graph), MermaidLibrary.script());
    }
}
