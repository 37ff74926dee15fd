package dev.jdora.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private directory of one run (mode 0700), where the shared-memory transport keeps its files and the daemon its
 * control socket and node configurations: under {@code /dev/shm} when it exists. It is removed when the run ends; a
 * directory whose daemon is provably dead (a killed {@code jdora run}) is removed by the next run.
 */
final class RunDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    static final String OWNER_FILE = "daemon";

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** The directory holding every run directory of this user. */
    static Path base() {
        Path shm = Path.of("/dev/shm");
        Path root = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return root.resolve("jdora-" + System.getProperty("user.name", "user"));
    }

    /** Creates the directory of run {@code runId}, after removing stale runs. */
    static RunDirectory create(String runId) {
        try {
            Path base = base();
            createPrivate(base);
            removeStale(base);
            Path dir = base.resolve(runId);
            createPrivate(dir);
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(dir.resolve(OWNER_FILE), self.pid() + " "
                    + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
            return new RunDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory of run " + runId, e);
        }
    }

    Path path() {
        return path;
    }

    /** Removes the directory and everything in it. Idempotent. */
    @Override
    public void close() {
        deleteTree(path);
    }

    private static void createPrivate(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** Removes run directories whose daemon process is gone (or is another process that reused its pid). */
    static void removeStale(Path base) throws IOException {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path run : runs) {
                if (isStale(run)) {
                    LOG.info("removing the directory of a dead run: {}", run.getFileName());
                    deleteTree(run);
                }
            }
        }
    }

    private static boolean isStale(Path run) {
        Path owner = run.resolve(OWNER_FILE);
        String[] parts;
        try {
            parts = Files.readString(owner).trim().split(" ");
        } catch (IOException e) {
            return false; // being created right now, or not ours: leave it
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long started = Long.parseLong(parts[1]);
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            return handle.isEmpty() || !handle.get().isAlive()
                    || handle.get().info().startInstant().map(i -> i.toEpochMilli() != started).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }
}
