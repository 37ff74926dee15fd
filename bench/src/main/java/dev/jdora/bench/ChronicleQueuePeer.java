package dev.jdora.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The raw Chronicle Queue peer (the floor of a Chronicle-based transport): an appender process writes
 * {@code [8-byte nanoTime stamp][payload]} documents into a queue under {@code /dev/shm}, a tailer process reads
 * them, spinning with {@link Thread#yield()} while there is nothing to read. A fresh queue per run: the queue grows
 * with every message, as an append-only log does.
 */
public final class ChronicleQueuePeer {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    private ChronicleQueuePeer() {
    }

    /** Measures one run: the tailer and the appender each in a process of its own. */
    static Result measure(RunSpec spec, Path work) throws Exception {
        Files.createDirectories(work);
        Path result = work.resolve("chronicle-result.txt");
        Files.deleteIfExists(result);
        Path queue = Path.of("/dev/shm", "jdora-bench-cq-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        List<String> tail = new ArrayList<>(List.of("tail", queue.toString(), result.toString()));
        tail.addAll(spec.toArgs());
        List<String> append = new ArrayList<>(List.of("append", queue.toString(), result.toString()));
        append.addAll(spec.toArgs());
        try (ChildJvm t = ChildJvm.start("chronicle tailer", ChronicleQueuePeer.class, tail,
                work.resolve("chronicle-tail.log"));
             ChildJvm a = ChildJvm.start("chronicle appender", ChronicleQueuePeer.class, append,
                     work.resolve("chronicle-append.log"))) {
            t.awaitSuccess(LIMIT);
            a.awaitSuccess(LIMIT);
        } finally {
            deleteTree(queue);
        }
        return Result.read(result);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static ChronicleQueue open(Path dir, int size) {
        long block = Math.max(64L << 20, Long.highestOneBit(Math.max(1, size)) << 3);
        return SingleChronicleQueueBuilder.binary(dir).blockSize(block).build();
    }

    /**
     * A peer process: {@code append|tail queueDir resultFile size intervalNanos warmup count}.
     *
     * @param args see above
     */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        Path dir = Path.of(args[1]);
        Path result = Path.of(args[2]);
        RunSpec spec = RunSpec.fromArgs(args, 3);
        try (ChronicleQueue queue = open(dir, spec.size())) {
            if (role.equals("append")) {
                append(queue, spec, result);
            } else {
                tail(queue, spec, result);
            }
        }
        System.exit(0); // Chronicle leaves non-daemon threads behind
    }

    private static void append(ChronicleQueue queue, RunSpec spec, Path result) {
        Bytes<?> payload = Bytes.allocateDirect(Math.max(1, spec.size()));
        for (int i = 0; i < spec.size(); i++) {
            payload.writeByte((byte) i);
        }
        ExcerptAppender appender = queue.createAppender();
        Pacer pacer = Pacer.of(spec);
        for (long m = 0; m < spec.total(); m++) {
            pacer.await();
            long stamp = System.nanoTime();
            try (DocumentContext dc = appender.writingDocument()) {
                Bytes<?> bytes = dc.wire().bytes();
                bytes.writeLong(stamp);
                bytes.write((BytesStore<?, ?>) payload, 0L, (long) spec.size());
            }
        }
        ChildJvm.awaitFile(result, Duration.ofSeconds(120));
        payload.releaseLast();
    }

    private static void tail(ChronicleQueue queue, RunSpec spec, Path result) {
        ExcerptTailer tailer = queue.createTailer();
        LatencyRecorder recorder = new LatencyRecorder(spec);
        while (!recorder.done()) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (dc.isPresent()) {
                    long received = System.nanoTime();
                    recorder.record(dc.wire().bytes().readLong(), received);
                    continue;
                }
            }
            Thread.yield();
        }
        recorder.result().write(result);
    }
}
