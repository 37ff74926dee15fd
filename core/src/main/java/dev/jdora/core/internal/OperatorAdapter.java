package dev.jdora.core.internal;

import dev.jdora.core.Node;

/**
 * Hosts operators that are not {@link dev.jdora.core.Operator}s, such as reactive ones
 * ({@code Function<Flux<Event>, Publisher<Output>>}, provided by the reactor adapter). The runtime finds
 * implementations with {@link java.util.ServiceLoader}, so that it need not depend on the libraries they adapt.
 */
public interface OperatorAdapter {

    /** Whether this adapter hosts instances of {@code type}. Must not initialize the class. */
    boolean accepts(Class<?> type);

    /** What {@code type} must be for this adapter, for error messages ({@code "a Function<Flux<Event>, ...>"}). */
    String description();

    /**
     * Runs {@code operator} over {@code events} (the operator's own event stream) on the calling thread, and returns
     * when it has finished: after {@code Stop}, or earlier if the operator ended by itself. The caller closes the
     * operator's outputs afterwards. {@code Reload} events for other operators ({@code Reload(otherId)}) are to be
     * skipped.
     *
     * @throws Exception to fail the operator
     */
    void run(Object operator, String operatorId, Node events) throws Exception;
}
