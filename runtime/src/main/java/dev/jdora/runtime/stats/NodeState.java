package dev.jdora.runtime.stats;

/** Where a node is in its life, as its statistics say. */
public enum NodeState {
    /** Declared; its process or thread has not opened its statistics yet. */
    STARTING,
    /** Running. */
    RUNNING,
    /** Ended normally. */
    FINISHED,
    /** Ended by a failure. */
    FAILED
}
