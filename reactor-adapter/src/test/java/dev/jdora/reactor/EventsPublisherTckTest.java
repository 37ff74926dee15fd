package dev.jdora.reactor;

import dev.jdora.core.Event;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.SkipException;

/**
 * {@code ReactorNode.events()} through the Reactive Streams TCK's {@link PublisherVerification}: a publisher of
 * {@code n} elements is a node with {@code n - 2} queued inputs whose source then closes ({@code InputClosed},
 * {@code Stop(ALL_INPUTS_CLOSED)}); {@code n = 1} is a node without inputs that is stopped ({@code Stop(MANUAL)}).
 *
 * <p>Skipped, because they do not apply: rules that need a publisher of 0 elements (an event stream always ends
 * with {@code Stop}), except the two §1.9 rules, which ask for 0 elements but request none: they run again in
 * {@link #subscribeRulesWithAOneEventPublisher()} on a publisher of one event; rules for publishers of more than {@link #MAX_ELEMENTS} elements (the TCK asks for
 * {@code Long.MAX_VALUE - 1} to test unbounded demand; each element here is a queued Arrow message); optional rules
 * the TCK marks as not applicable to a publisher that always completes, and the TCK's untested rules.
 */
@Timeout(120)
class EventsPublisherTckTest extends TckNodesTest {

    static final long MAX_ELEMENTS = 1024;
    static final TestEnvironment ENV = new TestEnvironment(2_000, 300);

    @TestFactory
    Stream<DynamicTest> eventsPublisher() {
        return TckRules.of(() -> new Verification(this), this::renewNodes);
    }

    /** §1.9 (onSubscribe for a subscriber, NPE for a null one) requests nothing: any publisher will do. */
    @TestFactory
    Stream<DynamicTest> subscribeRulesWithAOneEventPublisher() {
        return TckRules.of(() -> new Verification(this, true), name -> name.startsWith("required_spec109_must")
                || name.startsWith("required_spec109_subscribe"), this::renewNodes);
    }

    private static final class Verification extends PublisherVerification<Event> {
        private final EventsPublisherTckTest test;
        private final boolean oneForZero;

        Verification(EventsPublisherTckTest test) {
            this(test, false);
        }

        Verification(EventsPublisherTckTest test, boolean oneForZero) {
            super(ENV, 300);
            this.test = test;
            this.oneForZero = oneForZero;
        }

        @Override
        public Publisher<Event> createPublisher(long elements) {
            if (elements == 0 && oneForZero) {
                return test.nodes.reactor(1).events();
            }
            if (elements == 0) {
                throw new SkipException("an event stream always ends with Stop: it has at least one element");
            }
            return test.nodes.reactor(elements).events();
        }

        @Override
        public Publisher<Event> createFailedPublisher() {
            ReactorNode closed = test.nodes.reactor(1);
            closed.close(); // events() of a closed node signals onError
            return closed.events();
        }

        @Override
        public long maxElementsFromPublisher() {
            return MAX_ELEMENTS;
        }
    }
}
