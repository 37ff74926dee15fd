package dev.jdora.spring.boot;

import dev.jdora.core.Event;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Runs a node's handling of each {@code Input} within an observation: Micrometer's ({@code JdoraObservations}, which
 * continues the sender's trace from the message parameters) when the application has an {@code ObservationRegistry}
 * ({@link JdoraMetricsAutoConfiguration}), else directly. Called on the node's event thread, while the input's data is
 * lent; must run {@code handling} exactly once, on that thread.
 */
@FunctionalInterface
interface InputObserver {

    /** No observation. */
    InputObserver NONE = (nodeId, input, handling) -> handling.run();

    void observe(String nodeId, Event.Input input, Runnable handling);

    /** The application's observer, or {@link #NONE}. */
    static InputObserver of(ListableBeanFactory beans) {
        return beans.getBeanProvider(InputObserver.class).getIfAvailable(() -> NONE);
    }
}
