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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * recording directory (see {@code dev.jdora.recording}).
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run a dataflow and record the messages of its outputs: one Arrow IPC file per output and a "
                + "manifest.json, readable by any Arrow tool (pyarrow, polars, DuckDB).",
            "Lossless by default: the recorder reads with backpressure, so a slow disk slows the dataflow (and says "
                    + "so). With --lossy it reads with drop_oldest, and every drop is counted and printed."})
final class RecordCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATAFLOW", description = "the dataflow YAML file")
    private @Nullable Path file;

    @Option(names = "--outputs", paramLabel = "NODE/OUTPUT", split = ",",
            description = "the outputs to record, e.g. camera/image,detector/detection (default: all)")
    private List<String> outputs = new ArrayList<>();

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "the recording directory: new, or empty (default: recordings/<dataflow>-<time>)")
    private @Nullable Path dir;

    @Option(names = "--lossy", description = "read with drop_oldest instead of backpressure: never slows the "
            + "dataflow; every drop is counted in the manifest and printed")
    private boolean lossy;

    @Option(names = "--attach", paramLabel = "RUN", description = "record a running dataflow (not available yet)")
    private @Nullable String attach;

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
            err.println("error: jdora record --attach: recording a running dataflow needs background runs, which this "
                    + "jdora does not have yet; record from the start with 'jdora record DATAFLOW'");
            return Main.USER_ERROR;
        }
        if (file == null) {
            err.println("error: jdora record: missing the dataflow file (jdora record DATAFLOW)");
            return Main.USER_ERROR;
        }
        Optional<Dataflow> dataflow = DataflowFiles.load(file, err);
        if (dataflow.isEmpty()) {
            return Main.USER_ERROR;
        }
        Path target = dir != null ? dir : Path.of("recordings", dataflow.get().stem() + "-" + LocalDateTime.now().format(STAMP));
        Dataflow recorded;
        try {
            recorded = RecordingPlans.withRecorder(dataflow.get(), outputs, target, lossy, throttleMillis);
            begin(target, RecordingPlans.outputs(dataflow.get()));
        } catch (RecordingException e) {
            err.println("error: " + e.getMessage());
            return Main.USER_ERROR;
        } catch (IOException e) {
            err.println("error: the recording directory " + target + " cannot be created: " + e.getMessage());
            return Main.USER_ERROR;
        }
        err.println("jdora: recording to " + target + (lossy ? " (lossy: drop_oldest)" : " (lossless)"));
        int exit = settings.run(recorded, err);
        summary(target, err);
        return exit;
    }

    private void begin(Path target, List<String> all) throws IOException {
        OwnerFiles.createDirectory(target);
        String yaml = Files.readString(file);
        OwnerFiles.replace(target.resolve("dataflow.yml"), yaml);
        List<Manifest.Output> entries = (outputs.isEmpty() ? all : outputs.stream().distinct().toList()).stream()
                .map(o -> new Manifest.Output(o, Columns.fileName(o), 0, 0)).toList();
        Manifest manifest = new Manifest(Manifest.FORMAT, version(), file.toAbsolutePath().normalize().toString(), yaml,
                java.time.Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC).toString(), null,
                lossy, false, entries);
        OwnerFiles.replace(target.resolve(Manifest.FILE), manifest.toJson());
    }

    private static void summary(Path target, PrintWriter err) {
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
