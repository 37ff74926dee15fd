/**
 * {@code jdora graph}: renders a validated dataflow as Mermaid text, Graphviz DOT, or a self-contained HTML page
 * that draws the Mermaid diagram offline with the bundled mermaid webjar. Entry point: {@link
 * dev.jdora.cli.graph.GraphRenderer}; every other type here is an implementation detail.
 */
@NullMarked
package dev.jdora.cli.graph;

import org.jspecify.annotations.NullMarked;
