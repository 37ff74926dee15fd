package dev.jdora.runtime.internal;

import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.runtime.RunOptions;
import dev.jdora.core.internal.process.UserRuns;
import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The file ({@value #FILE}, mode 0600) by which a run makes itself known in its run directory: name, id, dataflow,
 * log directory, daemon process, start time and grace period; next to it a copy of the dataflow file's text
 * ({@value #DATAFLOW}, 0600), so that an attached {@code jdora record} keeps the dataflow as it ran even if the file was
 * edited since. Written once when the run's control socket is open; {@code jdora list} and the other operations read
 * it ({@link LocalOperations}). Stateless; any thread.
 */
final class RunRegistration {

    static final String FILE = UserRuns.REGISTRATION;
    static final String CONTROL_SOCKET = UserRuns.CONTROL_SOCKET;
    static final String DATAFLOW = "dataflow.yml";
    /** The grace of a registration that does not say (written before runs recorded theirs). */
    private static final String DEFAULT_GRACE_MILLIS = Long.toString(RunOptions.DEFAULT_GRACE.toMillis());

    private RunRegistration() {
    }

    static void write(RunAddress run) throws IOException {
        if (Files.isRegularFile(run.dataflow())) {
            byte[] text = Files.readAllBytes(run.dataflow());
            try (OutputStream out = OwnerOnly.newOutputStream(run.directory().resolve(DATAFLOW))) {
                out.write(text);
            }
        }
        Properties p = new Properties();
        p.setProperty("id", run.id());
        p.setProperty("name", run.name());
        p.setProperty("dataflow", run.dataflow().toString());
        p.setProperty("logDir", run.logDir().toString());
        p.setProperty("pid", Long.toString(run.pid()));
        p.setProperty("started", Long.toString(run.started().toEpochMilli()));
        p.setProperty("graceMillis", Long.toString(run.grace().toMillis()));
        Path temporary = run.directory().resolve(FILE + ".new");
        try (OutputStream out = OwnerOnly.newOutputStream(temporary)) {
            p.store(out, "a jdora run");
        }
        Files.move(temporary, run.directory().resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The copy of the dataflow's text kept in run directory {@code dir}, if there is one. */
    static Optional<String> dataflowCopy(Path dir) {
        Path file = dir.resolve(DATAFLOW);
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(Files.readString(file))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // being removed with the run: the caller reads the dataflow file instead
        }
    }

    /** The registration in run directory {@code dir}, if there is a complete one. */
    static Optional<RunAddress> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return Optional.of(new RunAddress(p.getProperty("id"), p.getProperty("name"),
                    Path.of(p.getProperty("dataflow")), Path.of(p.getProperty("logDir")), dir,
                    dir.resolve(CONTROL_SOCKET), Long.parseLong(p.getProperty("pid")),
                    Instant.ofEpochMilli(Long.parseLong(p.getProperty("started"))),
                    Duration.ofMillis(Long.parseLong(p.getProperty("graceMillis", DEFAULT_GRACE_MILLIS)))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being removed, or not ours
        }
    }
}
