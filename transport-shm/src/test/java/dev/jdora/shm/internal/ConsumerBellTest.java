package dev.jdora.shm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's consumer bell, without writers: wakes from within the process are never lost (one that comes before the
 * wait makes it return at once, one from another thread ends a wait in progress), closing ends a wait, and the socket
 * file goes with it. Every {@code await} here has no time limit, so only the wake under test can end it.
 */
class ConsumerBellTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(30)
    void aWakeBeforeTheWaitIsKeptAndTakenOnce() throws Exception {
        try (ConsumerBell bell = ConsumerBell.open(directory)) {
            bell.wake();
            bell.wake();
            bell.await(Long.MAX_VALUE);
            assertThat(bell.alive()).isTrue();
        }
    }

    @Test
    @Timeout(30)
    void aWakeFromAnotherThreadEndsAWait() throws Exception {
        try (ConsumerBell bell = ConsumerBell.open(directory)) {
            for (int round = 0; round < 50; round++) {
                CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> awaitForever(bell));
                bell.wake();
                waiting.get(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Timeout(30)
    void closingEndsAWaitAndDeletesTheSocket() throws Exception {
        ConsumerBell bell = ConsumerBell.open(directory);
        Path socket = BellSocket.file(directory, bell.id());
        assertThat(socket).exists();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> awaitForever(bell));
        bell.close();
        waiting.get(20, TimeUnit.SECONDS);
        assertThat(bell.alive()).as("a closed bell cannot ring: readers must poll").isFalse();
        assertThat(socket).doesNotExist();
        bell.await(Long.MAX_VALUE); // a closed bell cannot ring: a wait polls (returns within a millisecond)
        bell.close();
    }

    @Test
    void waitsRoundUpToWholeMillisecondsAndNeverToNoLimitByMistake() {
        assertThat(ConsumerBell.millis(1)).isEqualTo(1);
        assertThat(ConsumerBell.millis(1_000_000)).isEqualTo(1);
        assertThat(ConsumerBell.millis(1_000_001)).isEqualTo(2);
        assertThat(ConsumerBell.millis(Long.MAX_VALUE)).as("no limit").isZero();
        assertThat(ConsumerBell.millis(Long.MAX_VALUE - 1_000_000)).isPositive();
    }

    private static void awaitForever(ConsumerBell bell) {
        try {
            bell.await(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
