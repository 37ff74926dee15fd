package dev.jdora.core;

/** What an {@link Operator} asks for after handling an event. */
public enum OperatorStatus {
    /** Keep going. */
    CONTINUE,
    /** Finish this operator and close its outputs (downstream sees {@code InputClosed}). */
    STOP,
    /** Stop the whole dataflow: every node receives {@code Stop(MANUAL)}. */
    STOP_ALL
}
