package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.internal.Plural;
import dev.jdora.recording.Manifest;
import dev.jdora.recording.Recording;
import dev.jdora.recording.RecordingException;
import dev.jdora.recording.RecordingPlans;
import dev.jdora.recording.internal.Columns;
import dev.jdora.recording.internal.OwnerFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdora record}: runs a dataflow as {@code run} does and records every message of the chosen outputs into a
 * recording directory (see {@code dev.jdora.recording}); with {@code --attach}, records a running dataflow instead
 * ({@link AttachedRecording}), into the same layout.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run a dataflow and record the messages of its outputs: one Arrow IPC file per output and a "
                + "manifest.json, readable by any Arrow tool (pyarrow, polars, DuckDB).",
            "Or, with --attach RUN, record a running dataflow (jdora start, or jdora run in another terminal) from "
                    + "now on, until Ctrl-C, --duration or its end; it keeps running after. Messages sent before the "
                    + "recorder attached are not recorded.",
            "Lossless by default: the recorder reads with backpressure, so a slow disk slows the dataflow (and says "
                    + "so). With --lossy it reads with drop_oldest, and every drop is counted and printed."})
final class RecordCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATAFLOW",
            description = "the dataflow YAML file (none with --attach)")
    private @Nullable Path file;

    @Option(names = "--outputs", paramLabel = "NODE/OUTPUT", split = ",",
            description = "the outputs to record, e.g. camera/image,detector/detection (default: all)")
    private List<String> outputs = new ArrayList<>();

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "the recording directory: new (created with mode 0700), or empty and yours with mode 0700 "
                    + "(default: recordings/<dataflow>-<time>)")
    private @Nullable Path dir;

    @Option(names = "--lossy", description = "read with drop_oldest instead of backpressure: never slows the "
            + "dataflow; every drop is counted in the manifest and printed")
    private boolean lossy;

    @Option(names = "--attach", paramLabel = "RUN", description = "record the running dataflow of this name or id "
            + "instead of running one (see jdora list)")
    private @Nullable String attach;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "with --attach: stop recording after this long, e.g. 30s, 5m (default: until Ctrl-C or the "
                    + "dataflow's end)")
    private @Nullable Duration duration;

    @Option(names = "--throttle-ms", hidden = true, description = "tests: wait this long after each message")
    private long throttleMillis;

    @Mixin
    private RunSettings settings = new RunSettings();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (attach != null) {
            if (file != null) {
                err.println("error: jdora record: give a dataflow file to run and record, or --attach a running one, "
                        + "not both");
                return Main.USER_ERROR;
            }
            AttachedRecording recording = new AttachedRecording(RunTargets.operations(), err, lossy, throttleMillis);
            Interrupts.onCtrlC(recording::stop, () -> System.exit(130));
            return recording.record(attach, outputs, Optional.ofNullable(dir), Optional.ofNullable(duration));
        }
        if (file == null) {
            err.println("error: jdora record: missing the dataflow file (jdora record DATAFLOW, or jdora record "
                    + "--attach RUN)");
            return Main.USER_ERROR;
        }
        if (duration != null) {
            err.println("error: jdora record: --duration is for --attach; a recorded run ends with the dataflow or "
                    + "Ctrl-C");
            return Main.USER_ERROR;
        }
        Optional<Dataflow> dataflow = DataflowFiles.load(file, err);
        if (dataflow.isEmpty()) {
            return Main.USER_ERROR;
        }
        Path target = dir != null ? dir : defaultDirectory(dataflow.get().stem());
        Dataflow recorded;
        try {
            recorded = RecordingPlans.withRecorder(dataflow.get(), outputs, target, lossy, throttleMillis);
            begin(target, file, Files.readString(file), outputs.isEmpty() ? RecordingPlans.outputs(dataflow.get())
                    : outputs.stream().distinct().toList(), lossy);
        } catch (RecordingException e) {
            err.println("error: " + e.getMessage());
            return Main.USER_ERROR;
        } catch (IOException e) {
            err.println("error: " + file + " cannot be read: " + e.getMessage());
            return Main.USER_ERROR;
        }
        err.println("jdora: recording to " + target + (lossy ? " (lossy: drop_oldest)" : " (lossless)"));
        int exit = settings.run(recorded, err);
        summary(target, err);
        return exit;
    }

    /** {@code recordings/<name>-<local time>}. */
    static Path defaultDirectory(String name) {
        return Path.of("recordings", name + "-" + LocalDateTime.now().format(STAMP));
    }

    /**
     * Creates the recording directory {@code target} (new, or empty and ours alone: {@link OwnerFiles#createDirectory})
     * with the dataflow's text and the manifest of a recording that began now and is not complete yet.
     *
     * @throws RecordingException naming {@code target} and why it cannot be used or written
     */
    static void begin(Path target, Path dataflow, String yaml, List<String> recorded, boolean lossy)
            throws RecordingException {
        try {
            OwnerFiles.createDirectory(target);
            OwnerFiles.replace(target.resolve("dataflow.yml"), yaml);
            List<Manifest.Output> entries = recorded.stream()
                    .map(o -> new Manifest.Output(o, Columns.fileName(o), 0, 0)).toList();
            Manifest manifest = new Manifest(Manifest.FORMAT, version(),
                    dataflow.toAbsolutePath().normalize().toString(), yaml, java.time.Instant.now()
                    .truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC).toString(), null, lossy, false, entries);
            OwnerFiles.replace(target.resolve(Manifest.FILE), manifest.toJson());
        } catch (IOException e) {
            throw new RecordingException("the recording directory " + target + " cannot be used: " + reason(e), e);
        }
    }

    /** What went wrong, without the exception's class: the file-system's reason, with the file it is about. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason()
                    : e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName());
        }
        return String.valueOf(e.getMessage());
    }

    /** Prints what the recording in {@code target} holds, from its manifest. */
    static void summary(Path target, PrintWriter err) {
        try {
            Manifest manifest = Recording.open(target).manifest();
            if (!manifest.complete()) {
                err.println("jdora: the recorder did not finish: " + target + " holds what was written up to its "
                        + "last complete batch (jdora recording info " + target + ")");
                return;
            }
            long messages = manifest.outputs().stream().mapToLong(Manifest.Output::messages).sum();
            long dropped = manifest.outputs().stream().mapToLong(Manifest.Output::dropped).sum();
            err.println("jdora: recorded " + Plural.count(messages, "message") + " of "
                    + Plural.count(manifest.outputs().size(), "output") + " to " + target
                    + (manifest.lossy() ? ", dropped " + dropped + " (--lossy)" : ", none dropped (lossless)"));
        } catch (RecordingException e) {
            err.println("jdora: the recording cannot be read back: " + e.getMessage());
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
