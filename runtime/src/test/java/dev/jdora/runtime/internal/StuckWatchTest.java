package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StuckWatchTest {

    private long now;
    private final StuckWatch watch = new StuckWatch(Duration.ofSeconds(2), () -> now);

    private void advance(long millis) {
        now += Duration.ofMillis(millis).toNanos();
    }

    @Test
    void aNodeThatReadsNothingWhileMessagesWaitIsStuckAfterTheTimeout() {
        assertThat(watch.stuck(5, true)).isFalse();
        advance(1999);
        assertThat(watch.stuck(5, true)).isFalse();
        advance(1);
        assertThat(watch.stuck(5, true)).isTrue();
    }

    @Test
    void progressOrNothingToReadStartsTheTimeoutOver() {
        watch.stuck(5, true);
        advance(1500);
        assertThat(watch.stuck(6, true)).isFalse();
        advance(1500);
        assertThat(watch.stuck(6, true)).isFalse();
        advance(1000);
        assertThat(watch.stuck(6, false)).as("idle, not stuck").isFalse();
        advance(5000);
        assertThat(watch.stuck(6, false)).isFalse();
        assertThat(watch.stuck(6, true)).isFalse();
        advance(2000);
        assertThat(watch.stuck(6, true)).isTrue();
        watch.reset();
        assertThat(watch.stuck(6, true)).isFalse();
    }
}
