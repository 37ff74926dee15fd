package dev.jdora.cli;

import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.core.internal.process.UserRuns;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code jdora up} started, kept in {@value #FILE} in this user's private runtime directory (mode 0600, never
 * through a symbolic link) until {@code jdora down} stops it: the coordinator's address, the daemon's machine id, and
 * each process as its pid with its start instant, so that a pid the system has given to another process since is
 * never signalled. Immutable; reading and writing block on the file system only.
 *
 * @param address     where the coordinator listens ({@code host:port})
 * @param machineId   the daemon's machine id
 * @param coordinator the {@code jdora coordinator} process
 * @param daemon      the {@code jdora daemon} process
 */
record UpState(String address, String machineId, Started coordinator, Started daemon) {

    static final String FILE = "up.properties";

    /**
     * A process as {@code jdora up} started it.
     *
     * @param pid         its pid
     * @param startMillis its start instant, in milliseconds since the epoch
     */
    record Started(long pid, long startMillis) {

        static Started of(ProcessHandle process) {
            return new Started(process.pid(), process.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
        }

        /** The process, if it still runs and is the one that was started (not another one with its pid). */
        Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info().startInstant()
                    .map(Instant::toEpochMilli).filter(started -> started == startMillis).isPresent());
        }

        /**
         * Ends the process if it is still the one started: SIGTERM, then SIGKILL (with the descendants it had) if it
         * has not ended within {@code graceSeconds}.
         *
         * @return true if it was running
         */
        boolean stop(long graceSeconds) throws InterruptedException {
            Optional<ProcessHandle> process = live();
            if (process.isEmpty()) {
                return false;
            }
            List<ProcessHandle> family = process.get().descendants().toList();
            process.get().destroy();
            if (!awaitExit(process.get(), graceSeconds)) {
                process.get().destroyForcibly();
                family.forEach(ProcessHandle::destroyForcibly);
                awaitExit(process.get(), graceSeconds);
            }
            return true;
        }
    }

    private static boolean awaitExit(ProcessHandle process, long seconds) throws InterruptedException {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + process.pid() + " failed", e);
        }
    }

    /** {@value #FILE} in this user's private runtime directory. */
    static Path file() {
        return UserRuns.base().resolve(FILE);
    }

    /** What the last {@code jdora up} recorded, if anything. */
    static Optional<UpState> read() throws IOException {
        Properties p = new Properties();
        if (!Files.exists(file(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        OwnerOnly.check(file().getParent()); // ours and 0700: nobody else can have put the file there
        try (InputStream in = Files.newInputStream(file(), LinkOption.NOFOLLOW_LINKS)) {
            p.load(in);
        } catch (NoSuchFileException none) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UpState(p.getProperty("address", ""), p.getProperty("machine", ""),
                    started(p, "coordinator"), started(p, "daemon")));
        } catch (RuntimeException e) {
            throw new IOException(file() + ": not a file jdora up wrote (" + e.getMessage() + "); remove it", e);
        }
    }

    private static Started started(Properties p, String role) {
        return new Started(Long.parseLong(p.getProperty(role + ".pid")),
                Long.parseLong(p.getProperty(role + ".start")));
    }

    /** Writes this state, replacing an earlier one, in a new file of mode 0600. */
    void write() throws IOException {
        OwnerOnly.check(file().getParent());
        Properties p = new Properties();
        p.setProperty("address", address);
        p.setProperty("machine", machineId);
        p.setProperty("coordinator.pid", Long.toString(coordinator.pid()));
        p.setProperty("coordinator.start", Long.toString(coordinator.startMillis()));
        p.setProperty("daemon.pid", Long.toString(daemon.pid()));
        p.setProperty("daemon.start", Long.toString(daemon.startMillis()));
        remove();
        try (OutputStream out = createOwnerOnly(file())) {
            p.store(out, "what jdora up started; jdora down stops it");
        }
    }

    /** Creates {@code file} for writing: new (never an existing file, nor through a symbolic link), mode 0600. */
    static OutputStream createOwnerOnly(Path file) throws IOException {
        return Channels.newOutputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
                OwnerOnly.FILE)));
    }

    /** Removes the state file (a symbolic link there is removed, not followed). */
    static void remove() throws IOException {
        Files.deleteIfExists(file());
    }
}
