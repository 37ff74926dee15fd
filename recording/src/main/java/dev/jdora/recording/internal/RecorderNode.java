package dev.jdora.recording.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.recording.Manifest;
import dev.jdora.recording.RecordingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The recorder: a node the runtime runs like any other (a thread, or a process of its own), added to the dataflow by
 * {@link dev.jdora.recording.RecordingPlans#withRecorder}. Each of its inputs reads one recorded output; each message
 * becomes a row of that output's file ({@link OutputFileWriter}); a batch is written at the latest
 * {@value #FLUSH_MILLIS} ms after its first row, so a killed recorder loses at most that much. When it ends it writes
 * the counts (and the drops of its {@code drop_oldest} inputs under {@code --lossy}) to the manifest and prints them.
 *
 * <p>Lossless, it slows the dataflow when the disk is slower than the data; it says so when writing took more than
 * half of the last {@value #BUSY_WINDOW_SECONDS} seconds. Runs on the node's thread alone.
 */
public final class RecorderNode implements NodeMain {

    /** The recording directory (absolute). */
    public static final String DIR_ENV = "JDORA_RECORDING_DIR";
    /** {@code inputId=node/output,...}. */
    public static final String OUTPUTS_ENV = "JDORA_RECORDING_OUTPUTS";
    /** {@code true} when the recorder's inputs are {@code drop_oldest}. */
    public static final String LOSSY_ENV = "JDORA_RECORDING_LOSSY";
    /** Tests: milliseconds to wait after each message, a deliberately slow disk. */
    public static final String THROTTLE_ENV = "JDORA_RECORDING_THROTTLE_MS";

    static final long FLUSH_MILLIS = 500;
    static final int BUSY_WINDOW_SECONDS = 5;

    @Override
    public void run(Node node) {
        Path dir = Path.of(node.env().get(DIR_ENV));
        boolean lossy = Boolean.parseBoolean(node.env().get(LOSSY_ENV));
        long throttle = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(node.env().getOrDefault(THROTTLE_ENV, "0")));
        Map<String, String> outputs = parseOutputs(node.env().get(OUTPUTS_ENV));
        Map<String, OutputFileWriter> writers = new LinkedHashMap<>();
        outputs.forEach((input, output) -> writers.put(input,
                new OutputFileWriter(output, dir.resolve(Columns.fileName(output)), node.allocator())));
        BusyWatch busy = new BusyWatch(lossy);
        try {
            record(node, writers, throttle, busy);
        } finally {
            end(node, dir, outputs, writers);
        }
    }

    private static void record(Node node, Map<String, OutputFileWriter> writers, long throttle, BusyWatch busy) {
        long flushNanos = TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
        try {
            while (true) {
                Optional<Event> event = node.next(Duration.ofMillis(FLUSH_MILLIS / 2));
                if (event.isEmpty() && node.isEndOfStream()) {
                    return;
                }
                long start = System.nanoTime();
                if (event.isPresent() && event.get() instanceof Event.Input in && writers.containsKey(in.id())) {
                    writers.get(in.id()).append(in.data(), in.metadata(), epochNanos(), start);
                    if (throttle > 0) {
                        LockSupport.parkNanos(throttle);
                    }
                }
                for (OutputFileWriter writer : writers.values()) {
                    writer.flushIfOlder(start, flushNanos);
                }
                busy.add(start, System.nanoTime() - start);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the recording cannot be written: " + e.getMessage(), e);
        }
    }

    private static void end(Node node, Path dir, Map<String, String> outputs, Map<String, OutputFileWriter> writers) {
        List<Manifest.Output> counted = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        IOException failure = null;
        for (Map.Entry<String, OutputFileWriter> e : writers.entrySet()) {
            try {
                e.getValue().close();
            } catch (IOException ex) {
                failure = failure == null ? ex : failure;
            }
            String output = outputs.get(e.getKey());
            long dropped = node.droppedCount(e.getKey());
            counted.add(new Manifest.Output(output, Columns.fileName(output), e.getValue().messages(), dropped));
            lines.add("recorded " + output + ": " + e.getValue().messages() + " messages"
                    + (dropped > 0 ? ", dropped " + dropped + " (--lossy)" : ""));
        }
        try {
            Path file = dir.resolve(Manifest.FILE);
            Manifest started = Manifest.fromJson(Files.readString(file), file.toString());
            OwnerFiles.replace(file, started.ended(Instant.now().toString(), counted).toJson());
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        } catch (RecordingException e) {
            failure = failure == null ? new IOException(e.getMessage(), e) : failure;
        }
        lines.forEach(System.out::println);
        if (failure != null) {
            throw new UncheckedIOException("the recording could not be finished: " + failure.getMessage(), failure);
        }
    }

    static Map<String, String> parseOutputs(String text) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            outputs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return outputs;
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Says when lossless writing holds the dataflow back: more than half of a window spent writing. */
    private static final class BusyWatch {
        private final boolean lossy;
        private final long window = TimeUnit.SECONDS.toNanos(BUSY_WINDOW_SECONDS);
        private long windowStart = System.nanoTime();
        private long busyNanos;

        BusyWatch(boolean lossy) {
            this.lossy = lossy;
        }

        void add(long now, long spent) {
            busyNanos += spent;
            if (now - windowStart < window) {
                return;
            }
            if (!lossy && busyNanos * 2 > now - windowStart) {
                System.out.printf("writing the recording took %.1f s of the last %.1f s: the disk is slowing the "
                        + "dataflow (lossless); record with --lossy to drop messages instead%n", busyNanos / 1e9,
                        (now - windowStart) / 1e9);
            }
            windowStart = now;
            busyNanos = 0;
        }
    }
}
