package dev.jdora.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Transport;
import dev.jdora.shm.internal.ShmReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A restarted reader resumes at the first message its dead predecessor had not finished (marked
 * {@code redelivered}); a restarted writer continues the sequence on the same queue.
 */
@Timeout(30)
class ShmResumeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SUBSCRIBER = "sink/in";
    private static final InputOptions LOSSLESS = new InputOptions(4, QueuePolicy.BACKPRESSURE);

    private static void send(OutputWriter writer, ShmFixture f, long value) throws InterruptedException {
        try (var v = Data.longs(f.allocator, value)) {
            writer.send(v, ShmFixture.metadata(value));
        }
    }

    private static String read(InputReader reader, ShmFixture f) {
        Received r = ShmFixture.next(reader, f.allocator, WAIT);
        assertThat(r).as("a message").isNotNull();
        long value = ((BigIntVector) r.data()).get(0);
        return value + (r.parameters().containsKey(ShmReader.REDELIVERED) ? "R" : "");
    }

    @Test
    void aRestartedReaderGetsTheMessageItWasHandlingAgainThenTheRest() throws Exception {
        List<String> seen = new ArrayList<>();
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(ShmFixture.CHANNEL, List.of(ShmFixture.subscriber(SUBSCRIBER, 4, QueuePolicy.BACKPRESSURE)));
            Transport producer = f.attach();
            OutputWriter writer = producer.createOutput(ShmFixture.CHANNEL);
            Transport dead = f.attach(); // never closed: a killed process closes nothing
            InputReader first = dead.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
            for (long i = 0; i < 4; i++) {
                send(writer, f, i);
            }
            seen.add(read(first, f));
            seen.add(read(first, f)); // 0 finished by this poll; 1 is being handled when the process dies

            f.daemon.subscriberRestarting(ShmFixture.CHANNEL, SUBSCRIBER);
            Transport restarted = f.attach();
            InputReader second = restarted.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
            for (long i = 4; i < 8; i++) {
                send(writer, f, i); // backpressure: the writer waits for the restarted reader
                seen.add(read(second, f));
            }
            while (seen.size() < 9) {
                seen.add(read(second, f));
            }
            second.release();
            assertThat(f.daemon.readPosition(ShmFixture.CHANNEL, SUBSCRIBER)).isEqualTo(8);
            writer.close();
            restarted.close();
            producer.close();
            dead.close(); // only to free this test's memory: what it lent is still mapped here
        }
        assertThat(seen).containsExactly("0", "1", "1R", "2", "3", "4", "5", "6", "7");
    }

    @Test
    void aReaderThatClosedBeforeDyingResumesWhereItHadReadWithoutCountingTheRestAsDropped() throws Exception {
        List<String> seen = new ArrayList<>();
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(ShmFixture.CHANNEL, List.of(ShmFixture.subscriber(SUBSCRIBER, 4, QueuePolicy.BACKPRESSURE)));
            Transport producer = f.attach();
            OutputWriter writer = producer.createOutput(ShmFixture.CHANNEL);
            Transport failed = f.attach();
            InputReader first = failed.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
            for (long i = 0; i < 4; i++) {
                send(writer, f, i);
            }
            seen.add(read(first, f));
            failed.close(); // a node that threw closes its inputs on the way out: 1..3 skipped
            assertThat(f.daemon.droppedCount(ShmFixture.CHANNEL, SUBSCRIBER)).isEqualTo(3);

            f.daemon.subscriberRestarting(ShmFixture.CHANNEL, SUBSCRIBER);
            assertThat(f.daemon.droppedCount(ShmFixture.CHANNEL, SUBSCRIBER)).isZero();
            Transport restarted = f.attach();
            InputReader second = restarted.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
            while (seen.size() < 4) {
                seen.add(read(second, f));
            }
            writer.close();
            restarted.close();
            producer.close();
        }
        assertThat(seen).containsExactly("0", "1", "2", "3");
    }

    @Test
    void aRestartedWriterContinuesTheSequenceOnTheSameQueue() throws Exception {
        List<String> seen = new ArrayList<>();
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(ShmFixture.CHANNEL, List.of(ShmFixture.subscriber(SUBSCRIBER, 4, QueuePolicy.BACKPRESSURE)));
            Transport reading = f.attach();
            InputReader reader = reading.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
            Transport dead = f.attach(); // the first writer's process: killed, closes nothing
            OutputWriter first = dead.createOutput(ShmFixture.CHANNEL);
            send(first, f, 10);
            send(first, f, 11);
            Transport restarted = f.attach();
            OutputWriter second = restarted.createOutput(ShmFixture.CHANNEL);
            send(second, f, 12);
            for (int i = 0; i < 3; i++) {
                seen.add(read(reader, f));
            }
            assertThat(f.daemon.messagesSent(ShmFixture.CHANNEL)).isEqualTo(3);
            assertThat(reader.state()).isInstanceOf(InputReader.State.Open.class);
            second.close();
            assertThat(Optional.ofNullable(ShmFixture.next(reader, f.allocator, WAIT))).isEmpty();
            restarted.close();
            reading.close();
            dead.close();
        }
        assertThat(seen).containsExactly("10", "11", "12");
    }
}
