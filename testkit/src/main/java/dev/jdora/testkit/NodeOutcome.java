package dev.jdora.testkit;

/**
 * How the code under test in a {@link NodeTestHarness} ended, as seen by
 * {@link NodeTestHarness#awaitTermination(java.time.Duration)}. Immutable.
 */
public sealed interface NodeOutcome permits NodeOutcome.Completed, NodeOutcome.Failed, NodeOutcome.Running {

    /** The node's code returned normally (for an operator: it stopped, or its event stream ended). */
    record Completed() implements NodeOutcome {
    }

    /**
     * The node's code threw; its outputs were ended as failed, so downstream would see {@code NodeFailed}.
     *
     * @param error what it threw (for {@code startMain}, the exception thrown by {@code main}, unwrapped)
     */
    record Failed(Throwable error) implements NodeOutcome {
    }

    /** The deadline passed with the node still running (or it was never started). */
    record Running() implements NodeOutcome {
    }

    /** True for {@link Completed}. */
    default boolean isCompleted() {
        return this instanceof Completed;
    }
}
