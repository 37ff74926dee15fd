package dev.jdora.bench;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The receiver of {@link LosslessBench}: checks that parameter {@code s} of every message is the one expected (the
 * previous + 1). A larger one is a gap (its missing messages are counted), a smaller one a duplicate. Slow at first:
 * for the first {@code BENCH_SLOW} messages it parks {@code BENCH_SLOW_NS} after each (so the sender runs into
 * backpressure and waits), then reads at full speed. When its input closes it writes
 * {@code received gaps missing duplicates firstToLastNanos} to {@code BENCH_RESULT}.
 */
public final class LosslessReceiver implements NodeMain {

    @Override
    public void run(Node node) {
        long slow = Long.parseLong(node.env().get("BENCH_SLOW"));
        long slowNanos = Long.parseLong(node.env().get("BENCH_SLOW_NS"));
        long expected = 0;
        long received = 0;
        long gaps = 0;
        long missing = 0;
        long duplicates = 0;
        long first = 0;
        long last = 0;
        for (Event event : node) {
            if (event instanceof Event.Input in) {
                long s = (Long) in.metadata().parameters().get("s");
                if (s == expected) {
                    expected++;
                } else if (s > expected) {
                    gaps++;
                    missing += s - expected;
                    expected = s + 1;
                } else {
                    duplicates++;
                }
                last = System.nanoTime();
                if (received == 0) {
                    first = last;
                }
                received++;
                if (received <= slow) {
                    LockSupport.parkNanos(slowNanos);
                }
            }
        }
        String line = received + " " + gaps + " " + missing + " " + duplicates + " " + (last - first) + "\n";
        try {
            Path file = Path.of(node.env().get("BENCH_RESULT"));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, line);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
