package dev.jdora.shm;

import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A late {@code backpressure} reader in a spare slot (an attached recorder): the writer waits for it from the message
 * after its slot was claimed on, it misses none of them, and once the daemon is told it is gone (its connection
 * ended, even by SIGKILL) the writer stops waiting for it.
 */
class LateLosslessReaderTest {

    private static final int QUEUE = 8;
    private static final InputOptions LATE = new InputOptions(QUEUE, QueuePolicy.BACKPRESSURE);
    private static final long MESSAGES = 200;

    @Test
    @Timeout(60)
    void theWriterWaitsForALateLosslessReaderUntilItIsGone() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("sink/in", 4, QueuePolicy.DROP_OLDEST)));
            try (Transport recorder = f.attach(); Transport producer = f.attach()) {
                OutputWriter writer = producer.createOutput(CHANNEL);
                send(writer, f, 0, 5);
                InputReader late = recorder.subscribe(CHANNEL, "~rec-1", LATE, () -> { });
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(writer, f, 5, MESSAGES));
                awaitSent(f, 5 + QUEUE);
                for (long seq = 5; seq < 5 + QUEUE / 2; seq++) {
                    try (ValueVector data = ShmFixture.take(late, f.allocator)) {
                        assertThat(((BigIntVector) data).get(0)).as("nothing missed after the claim").isEqualTo(seq);
                    }
                }
                awaitSent(f, 5 + QUEUE + QUEUE / 2);
                assertThat(f.daemon.messagesSent(CHANNEL)).as("held by the late reader's queue")
                        .isEqualTo(5 + QUEUE + QUEUE / 2);
                assertThat(sending).isNotDone();

                f.daemon.subscriberGone(CHANNEL, "~rec-1"); // what the run does when the tap's connection ends
                sending.get(30, TimeUnit.SECONDS);
                assertThat(f.daemon.messagesSent(CHANNEL)).isEqualTo(MESSAGES);
                late.close();
                writer.close();
            }
        }
    }

    private static void send(OutputWriter writer, ShmFixture f, long from, long to) {
        try (BigIntVector v = Data.longs(f.allocator, 0)) {
            for (long seq = from; seq < to; seq++) {
                v.set(0, seq);
                writer.send(v, ShmFixture.metadata(seq));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitSent(ShmFixture f, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (f.daemon.messagesSent(CHANNEL) < count) {
            assertThat(System.nanoTime() - deadline).as("%d messages sent in time", count).isNegative();
            Thread.sleep(1); // another thread sends: nothing to be woken by
        }
    }
}
