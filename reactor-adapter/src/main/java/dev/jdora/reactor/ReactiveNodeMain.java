package dev.jdora.reactor;

import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * A {@link NodeMain} written reactively: the runtime, which knows only {@code NodeMain}, calls {@link #run(Node)},
 * which wraps the node in a {@link ReactorNode}, calls {@link #run(ReactorNode)} and blocks until the returned
 * publisher terminates. Implement only {@code run(ReactorNode)}; a lambda or a method reference also works, since
 * that is the one abstract method.
 *
 * <pre>{@code
 * public final class Doubler implements ReactiveNodeMain {
 *     public Publisher<?> run(ReactorNode node) {
 *         return node.send("doubled", node.events()               // completes after Stop, and so does send
 *                 .ofType(Event.Input.class)
 *                 .map(in -> Data.longs(node.node().allocator(), 2 * Data.toLongs(in.data())[0])));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads and blocking.</b> {@code run(ReactorNode)} must assemble the pipeline and return quickly; the work
 * happens when the returned publisher is subscribed, on the node's event thread and send scheduler (see
 * {@link ReactorNode}). {@code run(Node)} blocks the runtime's node thread (never a Reactor thread) until the
 * publisher completes or fails; its elements are ignored. Interrupting that thread cancels the publisher.
 *
 * <p><b>Termination and ownership.</b> The node is done when the publisher terminates; {@code run(Node)} then closes
 * the {@code ReactorNode} (its threads and the node). An error of the publisher is rethrown as is (checked ones
 * too), which fails the node: downstream nodes receive {@code NodeFailed}.
 */
@FunctionalInterface
public interface ReactiveNodeMain extends NodeMain {

    /**
     * Assembles the node's pipeline; the node is done when the returned publisher terminates.
     *
     * @param node the node, wrapped; closed by {@link #run(Node)} once the publisher has terminated
     */
    Publisher<?> run(ReactorNode node);

    /** Runs {@link #run(ReactorNode)} and blocks until its publisher terminates. Called by the runtime. */
    @Override
    default void run(Node node) throws Exception {
        try (ReactorNode reactive = ReactorNode.of(node)) {
            Flux.from(run(reactive)).then().block();
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof Exception checked) {
                throw checked;
            }
            throw e;
        }
    }
}
