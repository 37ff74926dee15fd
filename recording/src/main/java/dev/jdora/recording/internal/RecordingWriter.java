package dev.jdora.recording.internal;

import dev.jdora.core.Metadata;
import dev.jdora.recording.Manifest;
import dev.jdora.recording.RecordingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;

/**
 * Writes the messages of a recording, whoever reads them: the recorder node of {@code jdora record} ({@link
 * RecorderNode}) and the taps of {@code jdora record --attach}. One {@link OutputFileWriter} per recorded output, each
 * known by the key its reader uses (an input id, or the output itself); a batch is written at the latest
 * {@value #FLUSH_MILLIS} ms after its first row when {@link #tick()} is called at least every {@link #TICK_MILLIS} ms,
 * so a killed recorder loses at most that much. {@link #finish} completes the manifest that the caller wrote when the
 * recording began ({@code complete: true}, counts and drops) and returns what to print.
 *
 * <p>Lossless, the reader slows the dataflow when the disk is slower than the data; this says so (on {@code say})
 * when writing took more than half of the last {@value #BUSY_WINDOW_SECONDS} seconds.
 *
 * <p>Not thread-safe: one reading thread calls everything. Owns its files and the vectors it allocates from
 * {@code allocator}; {@link #finish} releases them (the caller closes the allocator afterwards).
 */
public final class RecordingWriter {

    static final long FLUSH_MILLIS = 500;
    /** How often the reader must call {@link #tick()} while no message comes. */
    public static final long TICK_MILLIS = FLUSH_MILLIS / 2;
    static final int BUSY_WINDOW_SECONDS = 5;

    private final Path dir;
    private final Map<String, String> outputs;
    private final Map<String, OutputFileWriter> writers = new LinkedHashMap<>();
    private final long throttleNanos;
    private final BusyWatch busy;

    /**
     * @param dir            the recording directory, holding the manifest already
     * @param outputs        the recorded output ({@code node/output}) of each reader's key, in manifest order
     * @param lossy          whether the readers drop ({@code drop_oldest}); then a busy disk is not reported
     * @param throttleMillis tests: a wait after each message, a deliberately slow disk (0 otherwise)
     * @param say            where to print what the user must know (the node's log, the console)
     */
    public RecordingWriter(Path dir, Map<String, String> outputs, BufferAllocator allocator, boolean lossy,
                           long throttleMillis, Consumer<String> say) {
        this.dir = dir;
        this.outputs = Map.copyOf(outputs);
        this.throttleNanos = TimeUnit.MILLISECONDS.toNanos(throttleMillis);
        this.busy = new BusyWatch(lossy, say);
        outputs.forEach((key, output) -> writers.put(key,
                new OutputFileWriter(output, dir.resolve(Columns.fileName(output)), allocator)));
    }

    /** True if {@code key} is one of the readers' keys. */
    public boolean records(String key) {
        return writers.containsKey(key);
    }

    /** Appends one message read by {@code key} (copied: the caller keeps {@code data}); writes old batches. */
    public void append(String key, ValueVector data, Metadata metadata) throws IOException {
        long start = System.nanoTime();
        writers.get(key).append(data, metadata, epochNanos(), start);
        if (throttleNanos > 0) {
            LockSupport.parkNanos(throttleNanos);
        }
        flushOld(start);
    }

    /** Writes the batches whose first row is {@value #FLUSH_MILLIS} ms old. */
    public void tick() throws IOException {
        flushOld(System.nanoTime());
    }

    private void flushOld(long start) throws IOException {
        long maxAge = TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
        for (OutputFileWriter writer : writers.values()) {
            writer.flushIfOlder(start, maxAge);
        }
        busy.add(start, System.nanoTime() - start);
    }

    /**
     * Writes the last batches and the files' footers, then the manifest with the counts and the drops of each reader
     * ({@code dropped} by key; 0 for a lossless one), even if a file failed.
     *
     * Says one line per output ({@code recorded camera/image: 42 messages[, dropped 3 (--lossy)]}).
     *
     * @throws UncheckedIOException if a file or the manifest could not be finished (after trying all)
     */
    public void finish(ToLongFunction<String> dropped) {
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
            long drops = dropped.applyAsLong(e.getKey());
            counted.add(new Manifest.Output(output, Columns.fileName(output), e.getValue().messages(), drops));
            lines.add("recorded " + output + ": " + e.getValue().messages() + " messages"
                    + (drops > 0 ? ", dropped " + drops + " (--lossy)" : ""));
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
        lines.forEach(busy.say);
        if (failure != null) {
            throw new UncheckedIOException("the recording could not be finished: " + failure.getMessage(), failure);
        }
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Says when lossless writing holds the dataflow back: more than half of a window spent writing. */
    private static final class BusyWatch {
        private final boolean lossy;
        private final Consumer<String> say;
        private final long window = TimeUnit.SECONDS.toNanos(BUSY_WINDOW_SECONDS);
        private long windowStart = System.nanoTime();
        private long busyNanos;

        BusyWatch(boolean lossy, Consumer<String> say) {
            this.lossy = lossy;
            this.say = say;
        }

        void add(long now, long spent) {
            busyNanos += spent;
            if (now - windowStart < window) {
                return;
            }
            if (!lossy && busyNanos * 2 > now - windowStart) {
                say.accept(String.format(java.util.Locale.ROOT, "writing the recording took %.1f s of the last %.1f "
                        + "s: the disk is slowing the dataflow (lossless); record with --lossy to drop messages "
                        + "instead", busyNanos / 1e9, (now - windowStart) / 1e9));
            }
            windowStart = now;
            busyNanos = 0;
        }
    }
}
