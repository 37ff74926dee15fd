package dev.jdora.reactor;

import static dev.jdora.reactor.TestWiring.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Event;
import dev.jdora.core.StopCause;
import dev.jdora.core.dataflow.QueuePolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

/** A reactive node at the start barrier and at the end of its dataflow. */
@Timeout(30)
class ReactorNodeLifecycleTest {

    private static final Duration VERIFY = Duration.ofSeconds(20);

    @Test
    void theNodeCountsAsReadingFromTheFirstRequestNotFromTheSubscription() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            w.write(7);
            StepVerifier.create(w.reactor().events().map(TestWiring::valueOf), 0)
                    .expectSubscription()
                    .then(() -> assertThat(w.context().isReading()).as("subscribed without demand").isFalse())
                    .thenRequest(1)
                    .expectNext(7L)
                    .then(() -> assertThat(w.context().isReading()).isTrue())
                    .thenCancel()
                    .verify(VERIFY);
        }
    }

    @Test
    void stopAllStopsTheDataflowAndTheFluxEndsWithItsStop() {
        try (TestWiring w = TestWiring.create(QueuePolicy.DROP_OLDEST, 10)) {
            w.context().whenStopAll(() -> w.context().deliver(new Event.Stop(StopCause.MANUAL))); // as the runtime
            w.write(1);
            StepVerifier.create(w.reactor().events().map(TestWiring::valueOf))
                    .expectNext(1L)
                    .then(w.reactor()::stopAll)
                    .expectNext(new Event.Stop(StopCause.MANUAL))
                    .expectComplete()
                    .verify(VERIFY);
            await("the event thread has ended", () -> !TestWiring.threadAlive("jdora-events-"));
        }
    }
}
