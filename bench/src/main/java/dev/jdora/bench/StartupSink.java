package dev.jdora.bench;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The last node of the start-up dataflows of {@link StartupBench}: when its first {@code Input} arrives it writes the
 * wall-clock time ({@code System.currentTimeMillis()}) and its pid to {@code BENCH_MARKER} (atomically: written
 * beside it, then renamed), then waits idle for {@code Stop}.
 */
public final class StartupSink implements NodeMain {

    @Override
    public void run(Node node) {
        boolean first = true;
        for (Event event : node) {
            if (first && event instanceof Event.Input) {
                long now = System.currentTimeMillis();
                first = false;
                mark(Path.of(node.env().get("BENCH_MARKER")), now);
            }
        }
    }

    private static void mark(Path marker, long millis) {
        Path partial = marker.resolveSibling(marker.getFileName() + ".partial");
        try {
            Files.writeString(partial, millis + " " + ProcessHandle.current().pid() + "\n");
            Files.move(partial, marker, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the start-up marker " + marker, e);
        }
    }
}
