package dev.jdora.core;

/** Why a node is asked to stop. */
public enum StopCause {
    /**
     * {@code jdora stop}, Ctrl-C on {@code jdora run}, a node's {@link Node#stopAll()}, an operator's
     * {@code STOP_ALL}, or the nodes of {@code exit_when_nodes_finish} having finished.
     */
    MANUAL,
    /**
     * The node has inputs from other nodes and all of them are closed (timer inputs do not count); or it reads only
     * timers and they have closed, which they do once every node that reads its outputs has ended.
     */
    ALL_INPUTS_CLOSED
}
