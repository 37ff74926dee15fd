package dev.jdora.reactor;

import dev.jdora.core.Data;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;

/**
 * The subscriber side of {@code ReactorNode.send(outputId, Publisher)} through the Reactive Streams TCK's
 * {@link SubscriberBlackboxVerification}: the subscriber under test is the one that {@code send} subscribes to the
 * given publisher (captured when the returned {@code Mono} is subscribed). Blackbox, because that subscriber is the
 * adapter's own and offers no probe. Elements are one-element int64 vectors; every one the subscriber gets is sent
 * and closed, every one it drops is closed: the leak check after each rule holds it to that.
 */
@Timeout(120)
class SendSubscriberTckTest extends TckNodesTest {

    @TestFactory
    Stream<DynamicTest> sendSubscriber() {
        return TckRules.of(() -> new Verification(this), this::renewNodes);
    }

    private static final class Verification extends SubscriberBlackboxVerification<ValueVector> {
        private final SendSubscriberTckTest test;

        Verification(SendSubscriberTckTest test) {
            super(EventsPublisherTckTest.ENV);
            this.test = test;
        }

        @Override
        public Subscriber<ValueVector> createSubscriber() {
            AtomicReference<Subscriber<? super ValueVector>> captured = new AtomicReference<>();
            test.nodes.sender().send("out", captured::set).subscribe(v -> { }, e -> { });
            Subscriber<? super ValueVector> subscriber = captured.get();
            if (subscriber == null) {
                throw new AssertionError("send(out, publisher) did not subscribe to the publisher");
            }
            @SuppressWarnings("unchecked")
            Subscriber<ValueVector> typed = (Subscriber<ValueVector>) subscriber;
            return typed;
        }

        @Override
        public ValueVector createElement(int element) {
            return Data.longs(test.nodes.allocator(), element);
        }
    }
}
