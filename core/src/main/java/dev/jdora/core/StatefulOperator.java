package dev.jdora.core;

/**
 * An {@link Operator} whose state survives a hot reload ({@code jdora run --hot-reload}). When {@code Reload(id)}
 * reaches the operator, the runtime loads its class afresh, constructs the new instance, calls
 * {@link #saveState()} on the old one and {@link #restoreState(Object)} on the new one, then hands the next event to
 * the new one; both calls are made between two events on the operator's thread.
 *
 * <p>The state crosses class loaders: use JDK types (numbers, strings, collections, records of the JDK), not classes
 * of the operator's own jar, which the new class loader loads again as different types.
 */
public interface StatefulOperator extends Operator {

    /** The state to hand to the next version. */
    Object saveState();

    /** Takes over the state of the previous version; a throw keeps the previous version running. */
    void restoreState(Object state);
}
