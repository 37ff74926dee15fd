package dev.jdora.core;

/**
 * A node the runtime instantiates (public no-argument constructor) and runs, instead of calling a {@code main}
 * method: several such nodes can share one JVM.
 *
 * <pre>{@code
 * public final class Printer implements NodeMain {
 *     public void run(Node node) {
 *         for (Event e : node) {
 *             if (e instanceof Event.Input in) System.out.println(Data.string(in.data()));
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@code run} is called once, on a thread of its own; the node is done when it returns. The runtime closes the
 * node afterwards. Throwing fails the node: downstream nodes receive {@code NodeFailed}.
 */
@FunctionalInterface
public interface NodeMain {

    /** Runs the node until it is done. */
    void run(Node node) throws Exception;
}
