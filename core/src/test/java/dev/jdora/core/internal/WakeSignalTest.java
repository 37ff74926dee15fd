package dev.jdora.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.transport.ConsumerWait;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A wake signal waits in the transport's consumer wait when it has one, and then has exactly one consumer. */
class WakeSignalTest {

    @Test
    @Timeout(10)
    void aWakeBeforeTheWaitIsKeptOnTheCondition() throws Exception {
        WakeSignal signal = new WakeSignal();
        signal.wake();
        signal.await(Long.MAX_VALUE); // returns only because the wake was kept
    }

    @Test
    void withAConsumerWaitWakesAndWaitsGoThere() throws Exception {
        CountingWait wait = new CountingWait();
        WakeSignal signal = new WakeSignal(wait);
        signal.wake();
        signal.await(5);
        assertThat(wait.wakes).hasValue(1);
        assertThat(wait.awaits).hasValue(1);
    }

    @Test
    void aSignalWaitedOnInAConsumerWaitCannotBeSharedOut() {
        WakeSignal signal = new WakeSignal(new CountingWait());
        assertThatThrownBy(() -> signal.forwardTo(new WakeSignal())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one consumer");
    }

    private static final class CountingWait implements ConsumerWait {
        final AtomicInteger awaits = new AtomicInteger();
        final AtomicInteger wakes = new AtomicInteger();

        @Override
        public void await(long nanos) {
            awaits.incrementAndGet();
        }

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }

        @Override
        public void close() {
        }
    }
}
