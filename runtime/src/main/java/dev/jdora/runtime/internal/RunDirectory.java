package dev.jdora.runtime.internal;

import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.core.internal.process.UserRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private directory of one run (mode 0700), where the shared-memory transport keeps its files and the daemon its
 * control socket and node configurations. It lives in the <em>base</em> of this user: {@code $XDG_RUNTIME_DIR/jdora}
 * when that variable names a directory of ours with mode 0700, else {@code jdora-<user>} under {@code /dev/shm} when
 * it exists (else under {@code java.io.tmpdir}). The base is trusted only if it is certainly ours ({@link OwnerOnly}):
 * checked on every run and before every cleanup, never followed if it is a symbolic link, never chmodded; otherwise the
 * run is refused with the path and the reason. The run directory is removed when the run ends; a directory whose
 * daemon is provably dead (a killed {@code jdora run}) is removed by the next run. Not thread-safe: one owner, the run.
 */
public final class RunDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    static final String OWNER_FILE = "daemon";
    static final String XDG_RUNTIME_DIR = UserRuns.XDG_RUNTIME_DIR;

    private final Path base;
    private final Path path;

    private RunDirectory(Path base, Path path) {
        this.base = base;
        this.path = path;
    }

    /**
     * The system property that stands for {@code $XDG_RUNTIME_DIR} when set (same checks): for tests and tools that
     * keep their runs apart from the user's.
     */
    public static final String RUNTIME_DIR_PROPERTY = UserRuns.RUNTIME_DIR_PROPERTY;

    /**
     * The directory holding every run directory of this user, chosen from the process environment (or {@value
     * #RUNTIME_DIR_PROPERTY}).
     */
    static Path base() {
        return UserRuns.base();
    }

    /** The base for environment {@code env}: {@code $XDG_RUNTIME_DIR/jdora} if that directory is ours and 0700. */
    static Path base(Map<String, String> env) {
        return UserRuns.base(env);
    }

    /** Creates the directory of run {@code runId} in this user's base, after removing stale runs. */
    static RunDirectory create(String runId) {
        return create(base(), runId);
    }

    /**
     * Creates the directory of run {@code runId} under {@code base} (created if absent), after removing stale runs.
     *
     * @throws UncheckedIOException naming the path and the reason, if the base is not certainly ours or the directory
     *                              cannot be created
     */
    static RunDirectory create(Path base, String runId) {
        try {
            OwnerOnly.createDirectory(base);
            removeStale(base);
            Path dir = base.resolve(runId);
            OwnerOnly.createDirectory(dir);
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(dir.resolve(OWNER_FILE), self.pid() + " "
                    + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
            return new RunDirectory(base, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of run " + runId + ": " + describe(e), e);
        }
    }

    /** What went wrong, with the path: a {@link FileSystemException} without a reason says only its path. */
    private static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() == null) {
            return f.getMessage() + ": " + e.getClass().getSimpleName().replace("Exception", "")
                    .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        }
        return e.getMessage();
    }

    Path path() {
        return path;
    }

    /** Removes the directory and everything in it, if the base is still ours. Idempotent. */
    @Override
    public void close() {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            OwnerOnly.check(base);
            OwnerOnly.check(path);
        } catch (IOException e) {
            LOG.warn("not removing the directory of this run: {}", e.getMessage());
            return;
        }
        deleteTree(path);
    }

    /**
     * Removes run directories whose daemon process is gone (or is another process that reused its pid), after
     * checking that {@code base} is ours; symbolic links in it are never followed.
     */
    static void removeStale(Path base) throws IOException {
        OwnerOnly.check(base);
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(base,
                p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
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
            OwnerOnly.check(run);
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

    /**
     * Deletes {@code dir} and what it holds, depth first. Symbolic links are deleted, never followed ({@link
     * Files#walk} does not follow them, and deleting a link removes the link only).
     */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
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
