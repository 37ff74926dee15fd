package dev.jdora.reactor;

import dev.jdora.core.Event;
import dev.jdora.core.internal.NodeContexts;
import dev.jdora.reactor.internal.ReactiveOperatorAdapter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.SkipException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The {@code Flux<Event>} that the reactive operator adapter hands to a reactive operator, through the Reactive
 * Streams TCK's {@link PublisherVerification}, with the same publishers of {@code n} events as
 * {@link EventsPublisherTckTest} (and the same skips, for the same reasons). Each publisher is the flux an operator
 * function received while the adapter runs it on a thread of the test; the operator's output publisher completes
 * after the rule, so that the adapter returns and closes its node.
 */
@Timeout(120)
class OperatorEventsTckTest extends TckNodesTest {

    @TestFactory
    Stream<DynamicTest> operatorEventsPublisher() {
        return TckRules.of(() -> new Verification(this), this::renewNodes);
    }

    /** Runs one operator on its own thread; closing completes its output and waits for the adapter to return. */
    private static final class RunningOperator implements AutoCloseable {
        final CompletableFuture<Flux<Event>> events = new CompletableFuture<>();
        final Sinks.Empty<Output> done = Sinks.empty();
        final Thread thread;

        RunningOperator(TckNodes nodes, long elements) {
            var context = nodes.context(elements);
            Function<Flux<Event>, Publisher<Output>> operator = flux -> {
                events.complete(flux);
                return done.asMono();
            };
            thread = new Thread(() -> {
                try {
                    new ReactiveOperatorAdapter().run(operator, "op", NodeContexts.open(context));
                } catch (Exception e) {
                    events.completeExceptionally(e);
                }
            }, "tck-operator-" + context.nodeId());
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            done.tryEmitEmpty();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                throw new AssertionError("the operator adapter did not return after the operator completed");
            }
        }
    }

    private static final class Verification extends PublisherVerification<Event> {
        private final OperatorEventsTckTest test;

        Verification(OperatorEventsTckTest test) {
            super(EventsPublisherTckTest.ENV, 300);
            this.test = test;
        }

        @Override
        public Publisher<Event> createPublisher(long elements) {
            if (elements == 0) {
                throw new SkipException("an event stream always ends with Stop: it has at least one element");
            }
            RunningOperator running = test.nodes.track(new RunningOperator(test.nodes, elements));
            try {
                return running.events.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the operator did not get its events", e);
            }
        }

        @Override
        public Publisher<Event> createFailedPublisher() {
            return null; // the adapter makes a fresh node for each operator: its flux has no failed state to ask for
        }

        @Override
        public long maxElementsFromPublisher() {
            return EventsPublisherTckTest.MAX_ELEMENTS;
        }
    }
}
