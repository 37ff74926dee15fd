package dev.jdora.core.internal;

import dev.jdora.core.Node;
import dev.jdora.core.internal.process.ProcessNodeEnvironment;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@link NodeContext} of the calling code for {@link Node#fromEnv()}: the runtime binds it to each node
 * thread it starts. Threads a node starts itself do not inherit it: they use the {@code Node} the node opened.
 */
public final class NodeContexts {

    /**
     * Not inheritable on purpose: pooled threads first started from a node thread (Reactor's shared schedulers, say)
     * would otherwise keep that node's context for ever.
     */
    private static final ThreadLocal<@Nullable NodeContext> CURRENT = new ThreadLocal<>();

    private NodeContexts() {
    }

    /** Binds {@code context} to the calling thread. */
    public static void bind(NodeContext context) {
        CURRENT.set(context);
    }

    /** Unbinds the calling thread. */
    public static void unbind() {
        CURRENT.remove();
    }

    /**
     * Whether {@link Node#fromEnv()} would find a node here: a node thread of the runtime, or a node process. Does not
     * take the node.
     */
    public static boolean present() {
        return CURRENT.get() != null || ProcessNodeEnvironment.isNodeProcess();
    }

    /** Implements {@link Node#fromEnv()}. */
    public static Node takeCurrent() {
        NodeContext context = CURRENT.get();
        if (context == null && ProcessNodeEnvironment.isNodeProcess()) {
            context = ProcessNodeEnvironment.context();
        }
        if (context == null) {
            throw new IllegalStateException("Node.fromEnv(): this code was not started by jdora. Run it with "
                    + "`jdora run dataflow.yml`, or test it with jdora-testkit's NodeTestHarness.");
        }
        return open(context);
    }

    /** Opens the node of {@code context}: takes it (the start barrier counts it once it reads) and returns its API. */
    public static Node open(NodeContext context) {
        if (!context.take()) {
            throw new IllegalStateException("node '" + context.nodeId()
                    + "': Node.fromEnv() was already called; share that Node instead of asking twice");
        }
        return new DefaultNode(context);
    }
}
