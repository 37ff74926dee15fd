package dev.jdora.cli;

import dev.jdora.core.internal.Plural;
import dev.jdora.recording.Manifest;
import dev.jdora.recording.Recording;
import dev.jdora.recording.RecordingException;
import dev.jdora.recording.internal.FileRepair;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdora recording info|export|repair}: looks into a recording directory. */
@Command(name = "recording", mixinStandardHelpOptions = true,
        description = "Look into a recording made by jdora record.",
        subcommands = {RecordingCommand.Info.class, RecordingCommand.Export.class, RecordingCommand.Repair.class})
final class RecordingCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A recording's outputs, counts, duration and data types. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a recording's outputs: messages, drops, duration and data type of each.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RECORDING")
        private Path dir = Path.of(".");

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (BufferAllocator allocator = new RootAllocator()) {
                Recording recording = Recording.open(dir);
                Manifest m = recording.manifest();
                out.println("recording " + dir + " of " + m.dataflow());
                out.println("  started " + m.startTime() + (m.endTime() == null ? "" : ", ended " + m.endTime())
                        + ", jdora " + m.jdoraVersion() + ", " + (m.lossy() ? "lossy (drop_oldest)" : "lossless")
                        + (m.complete() ? "" : ", not finished by the recorder (cut off)"));
                for (Recording.OutputInfo o : recording.info(allocator)) {
                    String span = o.first().map(f -> String.format("%.3f s",
                            Duration.between(f, o.last().orElseThrow()).toNanos() / 1e9)).orElse("-");
                    out.println("  " + o.output() + ": " + Plural.count(o.messages(), "message") + ", dropped "
                            + o.dropped() + ", over " + span + ", data " + o.dataType().orElse("-")
                            + o.cutOff().map(c -> " (" + c + ")").orElse(""));
                }
                return 0;
            } catch (RecordingException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return Main.USER_ERROR;
            }
        }
    }

    /** CSV export (Parquet is refused with the one-liner that makes it). */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write each recorded output as CSV (one row per message; data and parameters as JSON).",
                "Parquet is not built in: convert with polars, e.g. "
                        + "pl.read_ipc('camera.image.arrow').write_parquet('camera.image.parquet')."})
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RECORDING")
        private Path dir = Path.of(".");

        @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "csv")
        private String format = "csv";

        @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "where the files go (default: "
                + "the recording directory)")
        private Path to;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (format.equals("parquet")) {
                err.println("error: --format parquet is not built in (Parquet writers for Java bring Hadoop's "
                        + "libraries); the Arrow files convert in one line, e.g. with polars: "
                        + "pl.read_ipc('camera.image.arrow').write_parquet('camera.image.parquet')");
                return Main.USER_ERROR;
            }
            if (!format.equals("csv")) {
                err.println("error: --format must be csv, was " + format);
                return Main.USER_ERROR;
            }
            try (BufferAllocator allocator = new RootAllocator()) {
                Recording recording = Recording.open(dir);
                List<Path> written = CsvExport.write(recording, to == null ? dir : to, allocator);
                written.forEach(f -> spec.commandLine().getOut().println("wrote " + f));
                return 0;
            } catch (RecordingException e) {
                err.println("error: " + e.getMessage());
                return Main.USER_ERROR;
            } catch (IOException e) {
                err.println("error: cannot write the export: " + e.getMessage());
                return Main.USER_ERROR;
            }
        }
    }

    /** Completes the files of a recording that was cut off. */
    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Rewrite the files of a cut-off recording (killed recorder) as complete Arrow IPC files, "
                    + "keeping every complete batch.")
    static final class Repair implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RECORDING")
        private Path dir = Path.of(".");

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (BufferAllocator allocator = new RootAllocator()) {
                Recording recording = Recording.open(dir);
                for (Manifest.Output o : recording.manifest().outputs()) {
                    Path file = recording.file(o);
                    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    long kept = FileRepair.repair(file, allocator);
                    out.println(o.output() + ": " + (kept < 0 ? "complete" : "repaired, "
                            + kept + (kept == 1 ? " batch" : " batches") + " kept"));
                }
                return 0;
            } catch (RecordingException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return Main.USER_ERROR;
            }
        }
    }
}
