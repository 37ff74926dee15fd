package dev.jdora.runtime.internal;

/**
 * A node in a process of its own that talks to the run over the control socket ({@link ControlServer}): one the run
 * launched ({@link ProcessNode}) or one started by hand that joined ({@link DynamicNode}). Called on the connection
 * threads of the control server and on the run's threads; implementations are thread-safe.
 */
interface ControlledNode extends NodeHandle {

    /** A process of the node connected and proved who it is; false if the node takes no connection now. */
    boolean connected(ControlServer.Connection connection);

    /** The node said it has subscribed ({@code SUBSCRIBED}). */
    void markSubscribed();

    /** Counts the node at the start barrier: true the first time only (reading, or ending without it). */
    boolean markReading();

    /** The start barrier opened: sends {@code START} now if connected, else as soon as the node connects. */
    void startEvents();

    /** The node said its program returned normally ({@code FINISHED}). */
    void markFinished();

    /** True once the node said {@code FINISHED}. */
    boolean hasFinished();

    /** The node said it closed its {@code Node} ({@code CLOSED}). */
    default void markClosed() {
    }

    /** The connection of a process of the node ended (the process exited, or the run closed it). */
    default void disconnected(ControlServer.Connection connection) {
    }
}
