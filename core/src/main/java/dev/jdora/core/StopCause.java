package dev.jdora.core;

/** Why a node is asked to stop. */
public enum StopCause {
    /** {@code jdora stop}, Ctrl-C on {@code jdora run}, or an operator's {@code STOP_ALL}. */
    MANUAL,
    /** The node has inputs and all of them are closed. Timer inputs never close. */
    ALL_INPUTS_CLOSED
}
