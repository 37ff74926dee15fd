package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.RestartPolicy;
import dev.jdora.core.dataflow.Supervision;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The restart arithmetic on a fake clock: no process, no waiting. */
class RestartBudgetTest {

    private long now;

    private RestartBudget budget(RestartPolicy policy, int max, double delaySeconds, Optional<Duration> maxDelay,
                                 Optional<Duration> window) {
        Supervision spec = new Supervision(policy, max, Duration.ofMillis((long) (delaySeconds * 1000)), maxDelay,
                window, Optional.empty(), Optional.empty());
        return new RestartBudget(spec, () -> now);
    }

    private static Optional<Duration> seconds(long s) {
        return Optional.of(Duration.ofSeconds(s));
    }

    @Test
    void neverRestartsNothing() {
        RestartBudget b = budget(RestartPolicy.NEVER, 0, 0, Optional.empty(), Optional.empty());
        assertThat(b.next(true)).isEmpty();
        assertThat(b.next(false)).isEmpty();
    }

    @Test
    void onFailureDoesNotRestartACleanExitAndAlwaysDoes() {
        assertThat(budget(RestartPolicy.ON_FAILURE, 0, 0, Optional.empty(), Optional.empty()).next(false)).isEmpty();
        assertThat(budget(RestartPolicy.ON_FAILURE, 0, 0, Optional.empty(), Optional.empty()).next(true))
                .contains(Duration.ZERO);
        assertThat(budget(RestartPolicy.ALWAYS, 0, 0, Optional.empty(), Optional.empty()).next(false))
                .contains(Duration.ZERO);
    }

    @Test
    void theDelayDoublesUpToTheMaximum() {
        RestartBudget b = budget(RestartPolicy.ALWAYS, 0, 0.5, seconds(3), Optional.empty());
        assertThat(b.next(true)).contains(Duration.ofMillis(500));
        assertThat(b.next(true)).contains(Duration.ofSeconds(1));
        assertThat(b.next(true)).contains(Duration.ofSeconds(2));
        assertThat(b.next(true)).contains(Duration.ofSeconds(3));
        assertThat(b.next(true)).contains(Duration.ofSeconds(3));
        assertThat(b.restarts()).isEqualTo(5);
    }

    @Test
    void maxRestartsIsHonoured() {
        RestartBudget b = budget(RestartPolicy.ON_FAILURE, 2, 0, Optional.empty(), Optional.empty());
        assertThat(b.next(true)).isPresent();
        now += Duration.ofHours(1).toNanos();
        assertThat(b.next(true)).isPresent();
        assertThat(b.next(true)).isEmpty();
        assertThat(b.exhausted()).isEqualTo("after 2 restarts (max_restarts: 2)");
    }

    @Test
    void theWindowResetsTheCountAndTheDelay() {
        RestartBudget b = budget(RestartPolicy.ALWAYS, 2, 1, Optional.empty(), seconds(10));
        assertThat(b.next(true)).contains(Duration.ofSeconds(1));
        now += Duration.ofSeconds(4).toNanos();
        assertThat(b.next(true)).contains(Duration.ofSeconds(2));
        now += Duration.ofSeconds(4).toNanos();
        assertThat(b.next(true)).as("two restarts within 10 s already").isEmpty();
        now += Duration.ofSeconds(3).toNanos(); // the first restart is 11 s old: one left in the window
        assertThat(b.next(true)).contains(Duration.ofSeconds(4));
        now += Duration.ofSeconds(10).toNanos(); // a quiet window
        assertThat(b.next(true)).contains(Duration.ofSeconds(1));
    }
}
