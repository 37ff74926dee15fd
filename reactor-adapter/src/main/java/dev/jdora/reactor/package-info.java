/**
 * The reactive face of a jdora node: {@link dev.jdora.reactor.ReactorNode} turns a pull
 * {@link dev.jdora.core.Node} into a {@code Flux<Event>} with real backpressure (DESIGN.md rule 6) and sends
 * {@code Publisher}s of Arrow vectors on the node's outputs; {@link dev.jdora.reactor.ReactiveNodeMain} lets the
 * runtime run such a node.
 */
@NullMarked
package dev.jdora.reactor;

import org.jspecify.annotations.NullMarked;
