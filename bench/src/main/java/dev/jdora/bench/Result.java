package dev.jdora.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What one run measured, in nanoseconds.
 *
 * @param count         messages recorded (after the warm-up)
 * @param p50           median latency
 * @param p99           99th percentile
 * @param p999          99.9th percentile
 * @param max           maximum
 * @param elapsedNanos  from the first recorded message to the last (for the rate of back-to-back runs)
 * @param dropped       messages sent but never received (only a {@code drop_oldest} run may have any)
 */
public record Result(long count, long p50, long p99, long p999, long max, long elapsedNanos, long dropped) {

    /** A result with nothing dropped. */
    public Result(long count, long p50, long p99, long p999, long max, long elapsedNanos) {
        this(count, p50, p99, p999, max, elapsedNanos, 0);
    }

    /** This result with {@code n} messages dropped. */
    public Result withDropped(long n) {
        return new Result(count, p50, p99, p999, max, elapsedNanos, n);
    }

    /** Messages per second over the recorded messages. */
    public double messagesPerSecond() {
        return count > 1 && elapsedNanos > 0 ? (count - 1) * 1e9 / elapsedNanos : Double.NaN;
    }

    /** Writes this result to {@code file} atomically (a reader polling for the file never sees half of it). */
    void write(Path file) {
        String line = count + " " + p50 + " " + p99 + " " + p999 + " " + max + " " + elapsedNanos + " " + dropped + "\n";
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, line, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result read(Path file) throws IOException {
        String[] f = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
        return new Result(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5]), f.length > 6 ? Long.parseLong(f[6]) : 0);
    }
}
