package dev.jdora.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import dev.jdora.runtime.internal.LocalRun;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;

/**
 * The acceptance scenario of the foundation issue, through a real run: a producer sends sequence numbers as fast as
 * it can into a {@code Flux} subscriber that takes 1 ms per event, for {@code jdora.acceptance.seconds} (default 30).
 * With {@code drop_oldest} the heap stays flat and drops are reported; with {@code backpressure} every number arrives
 * exactly once, in order, the producer is held to the consumer's pace, and the heap stays flat too.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SlowSubscriberAcceptanceTest {

    static final long SECONDS = Long.getLong("jdora.acceptance.seconds", 30);
    static final int QUEUE_SIZE = 10;

    static final AtomicLong SENT = new AtomicLong();
    static final AtomicLong RECEIVED = new AtomicLong();
    static final AtomicLong OUT_OF_ORDER = new AtomicLong();
    static final AtomicLong AHEAD_TOO_FAR = new AtomicLong();
    static volatile long startedNanos;
    static volatile boolean lossless;

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        SENT.set(0);
        RECEIVED.set(0);
        OUT_OF_ORDER.set(0);
        AHEAD_TOO_FAR.set(0);
        startedNanos = 0;
    }

    /** Sends 0, 1, 2, … as fast as the output lets it, for {@link #SECONDS}. */
    public static final class Producer implements NodeMain {
        @Override
        public void run(Node node) {
            startedNanos = System.nanoTime();
            long deadline = startedNanos + TimeUnit.SECONDS.toNanos(SECONDS);
            try (var value = Data.longs(node.allocator(), 0)) {
                for (long i = 0; System.nanoTime() - deadline < 0; i++) {
                    value.set(0, i);
                    node.send("seq", value);
                    SENT.incrementAndGet();
                }
            }
        }
    }

    /** A Flux subscriber that spends 1 ms on every event and checks order. */
    public static final class SlowSubscriber implements ReactiveNodeMain {
        @Override
        public Publisher<?> run(ReactorNode node) {
            return node.events()
                    .filter(e -> e instanceof Event.Input)
                    .map(e -> Data.toLongs(((Event.Input) e).data())[0])
                    .doOnNext(seq -> {
                        long previous = RECEIVED.getAndIncrement();
                        if (lossless && seq != previous) {
                            OUT_OF_ORDER.incrementAndGet();
                        }
                        if (lossless && SENT.get() > seq + QUEUE_SIZE + 2) {
                            AHEAD_TOO_FAR.incrementAndGet();
                        }
                        LockSupport.parkNanos(1_000_000); // the subscriber's 1 ms of work
                    });
        }
    }

    private record Outcome(RunResult result, long heapGrowth, long peakArrowBytes) {
    }

    private Outcome run(String policy) throws Exception {
        lossless = policy.equals("backpressure");
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, "nodes:\n"
                + "  - id: producer\n    class: " + Producer.class.getName() + "\n    outputs: [seq]\n"
                + "  - id: subscriber\n    class: " + SlowSubscriber.class.getName() + "\n"
                + "    inputs:\n      seq: {source: producer/seq, queue_size: " + QUEUE_SIZE
                + ", queue_policy: " + policy + "}\n");
        DataflowRun run = DataflowRunner.start(Dataflow.load(file),
                RunOptions.defaults().withConsole(false).withLogDir(dir.resolve("out")));
        LocalRun local = (LocalRun) run;

        awaitElapsed(Duration.ofSeconds(Math.max(1, SECONDS / 6)));
        long heapEarly = usedHeapAfterGc();
        long peakArrow = local.allocatedBytes();
        long heapLate = -1;
        while (run.await(Duration.ofMillis(200)).isEmpty()) {
            peakArrow = Math.max(peakArrow, local.allocatedBytes());
            if (elapsed() >= TimeUnit.SECONDS.toNanos(SECONDS) * 9 / 10 && heapLate < 0) {
                heapLate = usedHeapAfterGc();
            }
        }
        long growth = (heapLate < 0 ? usedHeapAfterGc() : heapLate) - heapEarly;
        RunResult result = run.await();
        assertThat(local.allocatedBytes()).as("Arrow bytes left after the run").isZero();
        return new Outcome(result, growth, peakArrow);
    }

    @Test
    void dropOldestKeepsTheHeapFlatAndReportsDrops() throws Exception {
        Outcome o = run("drop_oldest");
        long dropped = o.result().nodes().get(1).dropped().getOrDefault("seq", 0L);
        System.out.printf("drop_oldest: sent %d, received %d, dropped %d, heap growth %d KiB, peak Arrow %d KiB%n",
                SENT.get(), RECEIVED.get(), dropped, o.heapGrowth() / 1024, o.peakArrowBytes() / 1024);

        assertThat(o.result().succeeded()).isTrue();
        assertThat(dropped).isPositive();
        assertThat(RECEIVED.get() + dropped).isEqualTo(SENT.get());
        assertThat(o.heapGrowth()).as("heap growth").isLessThan(32L << 20);
        assertThat(o.peakArrowBytes()).as("Arrow bytes queued at most").isLessThan(1L << 20);
    }

    @Test
    void backpressureDeliversEveryNumberOnceInOrderAndSlowsTheProducer() throws Exception {
        Outcome o = run("backpressure");
        System.out.printf("backpressure: sent %d, received %d, heap growth %d KiB, peak Arrow %d KiB%n",
                SENT.get(), RECEIVED.get(), o.heapGrowth() / 1024, o.peakArrowBytes() / 1024);

        assertThat(o.result().succeeded()).isTrue();
        assertThat(o.result().nodes().get(1).dropped()).isEmpty();
        assertThat(RECEIVED.get()).isEqualTo(SENT.get()).isPositive();
        assertThat(OUT_OF_ORDER.get()).as("numbers out of order, missing or repeated").isZero();
        assertThat(AHEAD_TOO_FAR.get()).as("times the producer ran more than queue_size ahead").isZero();
        assertThat(o.heapGrowth()).as("heap growth").isLessThan(32L << 20);
        assertThat(o.peakArrowBytes()).as("Arrow bytes queued at most").isLessThan(1L << 20);
    }

    private static long elapsed() {
        long started = startedNanos;
        return started == 0 ? 0 : System.nanoTime() - started;
    }

    private static void awaitElapsed(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos() + TimeUnit.SECONDS.toNanos(30);
        while (elapsed() < d.toNanos() && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
