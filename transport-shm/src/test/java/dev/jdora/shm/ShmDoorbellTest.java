package dev.jdora.shm;

import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ConsumerWait;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Transport;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Doorbells between processes: a writer rings only readers that sleep, wakes readers of several processes, and goes
 * on unharmed when a sleeping reader's process is killed. Each {@link ShmFixture#attach()} is a node process's view
 * (its own doorbell), as the kit's scenarios cannot show with one transport.
 */
class ShmDoorbellTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InputOptions LOSSLESS = new InputOptions(64, QueuePolicy.BACKPRESSURE);

    @Test
    @Timeout(60)
    void readersOfFourProcessesAsleepAreAllWokenByOneMessage() throws Exception {
        int processes = 4;
        try (ShmFixture f = new ShmFixture()) {
            List<String> ids = declareReaders(f, processes);
            List<Transport> nodes = new ArrayList<>();
            List<InputReader> readers = new ArrayList<>();
            AtomicLong[] wakes = new AtomicLong[processes];
            try (Transport producer = f.attach(); BigIntVector v = Data.longs(f.allocator, 0)) {
                for (int i = 0; i < processes; i++) {
                    Transport node = f.attach();
                    nodes.add(node);
                    AtomicLong woken = new AtomicLong();
                    wakes[i] = woken;
                    readers.add(node.subscribe(CHANNEL, ids.get(i), LOSSLESS, woken::incrementAndGet));
                }
                OutputWriter writer = producer.createOutput(CHANNEL);
                for (long seq = 0; seq < 20; seq++) {
                    long[] before = new long[processes];
                    for (int i = 0; i < processes; i++) {
                        before[i] = wakes[i].get();
                        assertThat(readers.get(i).armWakeup()).as("reader %d arms", i).isTrue();
                    }
                    v.set(0, seq);
                    writer.send(v, ShmFixture.metadata(seq));
                    for (int i = 0; i < processes; i++) {
                        awaitAbove(wakes[i], before[i], "reader " + i + " woken by message " + seq);
                        readers.get(i).disarmWakeup();
                        try (ValueVector data = ShmFixture.take(readers.get(i), f.allocator)) {
                            assertThat(((BigIntVector) data).get(0)).isEqualTo(seq);
                        }
                    }
                }
                writer.close();
            } finally {
                readers.forEach(InputReader::close);
                nodes.forEach(Transport::close);
            }
        }
    }

    /**
     * The node path: four processes each wait in a consumer bell of their own, with no doorbell thread between the
     * writer and the waiting thread. Each {@code await} below can only return once the writer rang that bell (nothing
     * else wakes it), so every message and the end reach every consumer.
     */
    @Test
    @Timeout(60)
    void consumersOfFourProcessesWaitingInTheirOwnBellsAreWokenByTheWriter() throws Exception {
        int processes = 4;
        try (ShmFixture f = new ShmFixture()) {
            List<String> ids = declareReaders(f, processes);
            List<Transport> nodes = new ArrayList<>();
            List<InputReader> readers = new ArrayList<>();
            List<ConsumerWait> waits = new ArrayList<>();
            try (Transport producer = f.attach(); BigIntVector v = Data.longs(f.allocator, 0)) {
                for (int i = 0; i < processes; i++) {
                    Transport node = f.attach();
                    nodes.add(node);
                    ConsumerWait wait = node.openConsumerWait().orElseThrow();
                    waits.add(wait);
                    readers.add(node.subscribe(CHANNEL, ids.get(i), LOSSLESS, () -> { }, wait));
                }
                OutputWriter writer = producer.createOutput(CHANNEL);
                for (long seq = 0; seq < 20; seq++) {
                    for (int i = 0; i < processes; i++) {
                        assertThat(readers.get(i).armWakeup()).as("reader %d arms", i).isTrue();
                    }
                    v.set(0, seq);
                    writer.send(v, ShmFixture.metadata(seq));
                    for (int i = 0; i < processes; i++) {
                        waits.get(i).await(Long.MAX_VALUE);
                        readers.get(i).disarmWakeup();
                        try (ValueVector data = ShmFixture.take(readers.get(i), f.allocator)) {
                            assertThat(((BigIntVector) data).get(0)).isEqualTo(seq);
                        }
                    }
                }
                readers.forEach(r -> assertThat(r.armWakeup()).isTrue());
                writer.close();
                for (int i = 0; i < processes; i++) {
                    waits.get(i).await(Long.MAX_VALUE);
                    readers.get(i).disarmWakeup();
                    assertThat(readers.get(i).state()).as("reader %d after the end", i)
                            .isEqualTo(new InputReader.State.Ended());
                }
            } finally {
                readers.forEach(InputReader::close);
                nodes.forEach(Transport::close);
            }
            try (var files = Files.list(f.runDirectory.resolve("shm"))) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("bell-")))
                        .as("bell sockets left once every process closed its transport").isEmpty();
            }
        }
    }

    /**
     * A reader that does not sleep is never rung: a thousand messages to it call no {@code onAvailable}; the one sent
     * after it arms calls it once.
     */
    @Test
    @Timeout(60)
    void anAwakeReaderIsNotRung() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 2000, QueuePolicy.BACKPRESSURE)));
            AtomicLong wakes = new AtomicLong();
            try (Transport node = f.attach(); Transport producer = f.attach();
                    BigIntVector v = Data.longs(f.allocator, 0)) {
                InputReader reader = node.subscribe(CHANNEL, "a/in", new InputOptions(2000, QueuePolicy.BACKPRESSURE),
                        wakes::incrementAndGet);
                OutputWriter writer = producer.createOutput(CHANNEL);
                for (long seq = 0; seq < 1000; seq++) {
                    v.set(0, seq);
                    writer.send(v, ShmFixture.metadata(seq));
                }
                for (long seq = 0; seq < 1000; seq++) {
                    ShmFixture.take(reader, f.allocator).close();
                }
                assertThat(reader.armWakeup()).isTrue();
                writer.send(v, ShmFixture.metadata(1000));
                awaitAbove(wakes, 0, "the reader woken by the message sent while it slept");
                assertThat(wakes.get()).as("wake-ups: only the message sent while the reader slept rang").isEqualTo(1);
                reader.disarmWakeup();
                ShmFixture.take(reader, f.allocator).close();
                writer.close();
                reader.close();
            }
        }
    }

    /**
     * A reader process killed while asleep (in its consumer bell, as a node waits) leaves its flag set and its bell
     * unanswered: the writer's next ring
     * fails once, quietly, and every send after it goes on; a live reader beside it is still woken each time.
     */
    @Test
    @Timeout(90)
    void aReaderKilledWhileAsleepCostsTheWriterNothing() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 4, QueuePolicy.DROP_OLDEST),
                    subscriber("b/in", 64, QueuePolicy.BACKPRESSURE)));
            Process killed = startReader(f);
            try (Transport node = f.attach(); Transport producer = f.attach();
                    BigIntVector v = Data.longs(f.allocator, 0)) {
                BufferedReader out = new BufferedReader(new InputStreamReader(killed.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).as("the reader process armed its wake-up").isEqualTo("armed");
                killed.destroyForcibly();
                assertThat(killed.waitFor(20, TimeUnit.SECONDS)).as("the reader process is dead").isTrue();

                AtomicLong wakes = new AtomicLong();
                InputReader live = node.subscribe(CHANNEL, "b/in", LOSSLESS, wakes::incrementAndGet);
                OutputWriter writer = producer.createOutput(CHANNEL);
                for (long seq = 0; seq < 50; seq++) {
                    long before = wakes.get();
                    assertThat(live.armWakeup()).isTrue();
                    v.set(0, seq);
                    writer.send(v, ShmFixture.metadata(seq));
                    awaitAbove(wakes, before, "the live reader woken by message " + seq);
                    live.disarmWakeup();
                    try (ValueVector data = ShmFixture.take(live, f.allocator)) {
                        assertThat(((BigIntVector) data).get(0)).isEqualTo(seq);
                    }
                }
                writer.close();
                live.close();
            } finally {
                killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                f.daemon.subscriberGone(CHANNEL, "a/in");
            }
        }
    }

    /** Declares {@code count} lossless readers {@code n<i>/in} of the channel; returns their ids. */
    private static List<String> declareReaders(ShmFixture f, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("n" + i + "/in");
        }
        f.daemon.declare(CHANNEL, ids.stream().map(id -> subscriber(id, 64, QueuePolicy.BACKPRESSURE)).toList());
        return ids;
    }

    private static Process startReader(ShmFixture f) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(Arrays.asList(System.getProperty("jdora.jvmOptions", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ReaderProcess.class.getName(), f.runDirectory.toString()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Polls {@code counter} until it exceeds {@code floor}, yielding between looks; fails after {@link #WAIT}. */
    private static void awaitAbove(AtomicLong counter, long floor, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counter.get() <= floor) {
            assertThat(System.nanoTime() - deadline).as("in time: %s", what).isNegative();
            Thread.yield();
        }
    }
}
