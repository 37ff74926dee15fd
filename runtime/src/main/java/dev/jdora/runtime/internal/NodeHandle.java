package dev.jdora.runtime.internal;

/**
 * One running node as the run sees it, whatever it runs in (a thread of this JVM, or a process of its own). The run
 * drives every node through the same grace ladder: {@link #stop()}, then {@link #escalate}, then {@link #forceEnd}.
 * Implementations are thread-safe.
 */
interface NodeHandle {

    String nodeId();

    /** Starts the node. Once. */
    void start();

    /** Delivers {@code Stop(MANUAL)}; returns at once. */
    void stop();

    /** Delivers {@code Reload(operatorId)} (or {@code Reload()}); returns at once. Dropped if not connected yet. */
    void reload(java.util.Optional<String> operatorId);

    /** Delivers {@code NodeRestarted(sourceNodeId)}: a node this one reads from was restarted. Dropped if not connected. */
    default void upstreamRestarted(String sourceNodeId) {
    }

    /** True until the node has ended and been reported. */
    boolean isAlive();

    /** True once the node has subscribed (called {@code Node.fromEnv()}). */
    boolean hasSubscribed();

    /** True once the node reads its events, or has ended: the start barrier counted it. */
    boolean isReading();

    /** Second step of the ladder: interrupt a thread, SIGTERM a process. The node is reported failed for reason. */
    void escalate(String reason);

    /** Last step: give up on a thread, SIGKILL a process. The node is reported failed for reason. */
    void forceEnd(String reason);
}
