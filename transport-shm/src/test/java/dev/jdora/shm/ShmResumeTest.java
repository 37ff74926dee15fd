package dev.jdora.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Subscriber;
import dev.jdora.core.transport.Transport;
import dev.jdora.shm.internal.DeadWriters;
import dev.jdora.shm.internal.ShmReader;
import dev.jdora.shm.internal.ShmSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A restarted reader resumes at the first message its dead predecessor had not finished (marked
 * {@code redelivered}), also when the predecessor closed its reader before it died, and its writer keeps what it had
 * not read meanwhile; a restarted writer continues the sequence on the same queue, after a message its predecessor
 * wrote but did not publish.
 */
@Timeout(30)
class ShmResumeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SUBSCRIBER = "sink/in";
    private static final InputOptions LOSSLESS = new InputOptions(4, QueuePolicy.BACKPRESSURE);
    /** The input of a node with a restart policy, as the daemon declares it. */
    private static final Subscriber RESTARTABLE = new Subscriber(SUBSCRIBER, LOSSLESS, true);
    /** Bodies of this size go to the payload ring (the in-place threshold is 4 KiB). */
    private static final int RING_BODY_LONGS = 1024;

    private static void send(OutputWriter writer, ShmFixture f, long value) throws InterruptedException {
        try (var v = Data.longs(f.allocator, value)) {
            writer.send(v, ShmFixture.metadata(value));
        }
    }

    /** Sends {@code value} in a body of 8 KiB, which goes to the payload ring. */
    private static void sendLarge(OutputWriter writer, ShmFixture f, long value) throws InterruptedException {
        try (var v = new BigIntVector("v", f.allocator)) {
            v.allocateNew(RING_BODY_LONGS);
            for (int i = 0; i < RING_BODY_LONGS; i++) {
                v.set(i, value);
            }
            v.setValueCount(RING_BODY_LONGS);
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
            f.daemon.declare(ShmFixture.CHANNEL, List.of(RESTARTABLE));
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

    /** What the first process of a restarted node does with its reader before it ends. */
    @FunctionalInterface
    private interface FirstProcess {
        void run(Transport process, InputReader reader, List<String> seen);
    }

    /**
     * Declares a restartable input, sends it 0..3, lets its first process read ({@code first}), which then ends
     * (closing its inputs, if {@code first} did not), has the daemon restart it, and reads with the restarted process
     * until {@code count} messages were seen in all.
     */
    private static List<String> acrossARestart(ShmFixture f, int count, FirstProcess first) throws Exception {
        List<String> seen = new ArrayList<>();
        f.daemon.declare(ShmFixture.CHANNEL, List.of(RESTARTABLE));
        Transport producer = f.attach();
        OutputWriter writer = producer.createOutput(ShmFixture.CHANNEL);
        Transport process = f.attach();
        InputReader reader = process.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
        for (long i = 0; i < 4; i++) {
            send(writer, f, i);
        }
        first.run(process, reader, seen);
        process.close();
        f.daemon.subscriberRestarting(ShmFixture.CHANNEL, SUBSCRIBER);
        Transport restarted = f.attach();
        InputReader second = restarted.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
        while (seen.size() < count) {
            seen.add(read(second, f));
        }
        writer.close();
        restarted.close();
        producer.close();
        return seen;
    }

    @Test
    void aReaderThatClosedBeforeDyingGetsItsUnfinishedMessageAgainWithoutCountingTheRestAsDropped() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            List<String> seen = acrossARestart(f, 5, (process, reader, got) -> {
                got.add(read(reader, f)); // the node throws while it handles 0
                process.close(); // and closes its inputs on the way out: 0 stays unfinished, 1..3 skipped
                assertThat(f.daemon.droppedCount(ShmFixture.CHANNEL, SUBSCRIBER)).isEqualTo(3);
            });
            assertThat(f.daemon.droppedCount(ShmFixture.CHANNEL, SUBSCRIBER)).isZero();
            assertThat(seen).containsExactly("0", "0R", "1", "2", "3");
        }
    }

    @Test
    void aReaderThatFinishedItsLastMessageBeforeClosingGetsNothingAgain() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            List<String> seen = acrossARestart(f, 4, (process, reader, got) -> {
                got.add(read(reader, f));
                got.add(read(reader, f));
                reader.release(); // the node asked for its next event (and got Stop): 1 is finished
            }); // restart_policy: always restarts a node that ended cleanly
            assertThat(seen).containsExactly("0", "1", "2", "3");
        }
    }

    /**
     * A node that closes its inputs (it threw) before its process exits: until the daemon prepares its restart, its
     * writer keeps what it had not read — no ring space reused, no queue file deleted under it — and waits for it
     * ({@code backpressure}). The bodies sent after the close go to a small payload ring, files hold 16 messages: more
     * than two rings' and two files' worth pass through after the restart.
     */
    @Test
    void aRestartableReaderThatClosedHoldsItsWriterUntilItsRestart() throws Exception {
        List<String> seen = new ArrayList<>();
        long total = 40;
        try (ShmFixture f = new ShmFixture(Map.of(ShmSettings.RING_BYTES, "262144",
                ShmSettings.MAX_RING_BYTES_KEY, "262144", ShmSettings.MESSAGES_PER_CYCLE, "16"))) {
            f.daemon.declare(ShmFixture.CHANNEL, List.of(RESTARTABLE));
            Transport producer = f.attach();
            OutputWriter writer = producer.createOutput(ShmFixture.CHANNEL);
            Transport failed = f.attach();
            InputReader first = failed.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
            send(writer, f, 0);
            send(writer, f, 1); // small: the ring's room (bodies are placed in order) is not the writer's limit here
            seen.add(read(first, f));
            seen.add(read(first, f)); // 1 is being handled when the node throws
            failed.close();

            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (long i = 2; i < total; i++) {
                        sendLarge(writer, f, i);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long held = 2 + LOSSLESS.queueSize(); // closed at 2: room for queueSize messages from there
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (f.daemon.messagesSent(ShmFixture.CHANNEL) < held) {
                assertThat(System.nanoTime() - deadline).as("the writer sends until it is held").isNegative();
                Thread.sleep(1);
            }
            assertThat(f.daemon.messagesSent(ShmFixture.CHANNEL)).as("the writer waits for the closed reader")
                    .isEqualTo(held);

            f.daemon.subscriberRestarting(ShmFixture.CHANNEL, SUBSCRIBER);
            Transport restarted = f.attach();
            InputReader second = restarted.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
            while (seen.size() < total + 1) {
                seen.add(read(second, f));
            }
            second.release();
            sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            writer.close();
            restarted.close();
            producer.close();
        }
        List<String> expected = new ArrayList<>(List.of("0", "1", "1R"));
        for (long i = 2; i < total; i++) {
            expected.add(Long.toString(i));
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void aReaderOfANodeWithoutRestartPolicyNoLongerHoldsItsWriterOnceClosed() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(ShmFixture.CHANNEL, List.of(ShmFixture.subscriber(SUBSCRIBER, 4, QueuePolicy.BACKPRESSURE)));
            Transport producer = f.attach();
            OutputWriter writer = producer.createOutput(ShmFixture.CHANNEL);
            Transport consumer = f.attach();
            InputReader reader = consumer.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
            sendLarge(writer, f, 0);
            read(reader, f);
            consumer.close(); // 0 unfinished, but nobody will resume it
            for (long i = 1; i < 40; i++) {
                sendLarge(writer, f, i); // would wait forever (the test's timeout) if the closed reader held it
            }
            assertThat(f.daemon.messagesSent(ShmFixture.CHANNEL)).isEqualTo(40);
            writer.close();
            producer.close();
        }
    }

    /** How the first writer's process sends its last message (11) before it is killed. */
    @FunctionalInterface
    private interface LastSend {
        void send(OutputWriter first) throws Exception;
    }

    /**
     * The first writer sends 10, then 11 as {@code last} says, and is killed (it closes nothing); a restarted writer
     * sends 12 and ends the channel. Returns what the reader read.
     */
    private static List<String> acrossAWriterRestart(ShmFixture f, LastSend last) throws Exception {
        List<String> seen = new ArrayList<>();
        f.daemon.declare(ShmFixture.CHANNEL, List.of(ShmFixture.subscriber(SUBSCRIBER, 4, QueuePolicy.BACKPRESSURE)));
        Transport reading = f.attach();
        InputReader reader = reading.subscribe(ShmFixture.CHANNEL, SUBSCRIBER, LOSSLESS, () -> { });
        Transport dead = f.attach();
        OutputWriter first = dead.createOutput(ShmFixture.CHANNEL);
        send(first, f, 10);
        last.send(first);
        Transport restarted = f.attach();
        OutputWriter second = restarted.createOutput(ShmFixture.CHANNEL);
        assertThat(f.daemon.messagesSent(ShmFixture.CHANNEL)).as("sent before the restart").isEqualTo(2);
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
        return seen;
    }

    @Test
    void aRestartedWriterContinuesTheSequenceOnTheSameQueue() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            assertThat(acrossAWriterRestart(f, first -> send(first, f, 11))).containsExactly("10", "11", "12");
        }
    }

    @Test
    void aRestartedWriterPublishesTheMessageItsKilledPredecessorWroteButDidNotPublish() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            assertThat(acrossAWriterRestart(f, first -> {
                try (var v = Data.longs(f.allocator, 11)) {
                    // killed after its excerpt was complete, before it published committed
                    assertThat(DeadWriters.appendWithoutPublishing(f.runDirectory, ShmFixture.CHANNEL, v))
                            .isEqualTo(1);
                }
                assertThat(f.daemon.messagesSent(ShmFixture.CHANNEL)).isEqualTo(1);
            })).containsExactly("10", "11", "12");
        }
    }
}
