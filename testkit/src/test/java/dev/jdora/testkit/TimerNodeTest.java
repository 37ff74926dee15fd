package dev.jdora.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Event;
import dev.jdora.core.NodeMain;
import java.time.Duration;
import org.apache.arrow.vector.NullVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

/** A timer-driven node, tested with virtual time: ten seconds of ticks take no real time. */
@Timeout(10)
class TimerNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Counts ticks of {@code dora/timer/millis/100} and reports the count every 10th tick. */
    private static final NodeMain TICK_COUNTER = node -> {
        long ticks = 0;
        for (Event event : node) {
            if (event instanceof Event.Input in && in.id().equals("tick")) {
                assertThat(in.data()).isInstanceOf(NullVector.class);
                assertThat(in.data().getValueCount()).isZero();
                if (++ticks % 10 == 0) {
                    node.sendLongs("count", ticks);
                }
            }
        }
    };

    @Test
    void reportsEveryTenthTickInVirtualTime() {
        try (var harness = NodeTestHarness.forNode("counter").timer("tick").output("count").build()) {
            harness.start(TICK_COUNTER);

            // ticks 10 minutes apart: only virtual time gets through 200 minutes within WAIT
            StepVerifier.withVirtualTime(() -> harness.ticks("tick", Duration.ofMinutes(10)))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMinutes(9))
                    .thenAwait(Duration.ofMinutes(91))
                    .expectNextCount(10)
                    .then(() -> assertThat(harness.awaitOutputs("count", 1, WAIT).get(0).longs())
                            .containsExactly(10))
                    .thenAwait(Duration.ofMinutes(100))
                    .expectNextCount(10)
                    .then(() -> assertThat(harness.awaitOutputs("count", 1, WAIT).get(0).longs())
                            .containsExactly(20))
                    .thenCancel()
                    .verify(WAIT);
        }
    }

    @Test
    void aSingleTickIsAnEmptyNullArray() {
        try (var harness = NodeTestHarness.forNode("counter").timer("tick").output("count").build()) {
            harness.start(TICK_COUNTER);
            for (int i = 0; i < 10; i++) {
                harness.tick("tick");
            }
            assertThat(harness.awaitOutputs("count", 1, WAIT).get(0).longs()).containsExactly(10);
        }
    }
}
