package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.recording.Recording;
import dev.jdora.recording.RecordingException;
import dev.jdora.recording.RecordingPlans;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code jdora replay}: runs a dataflow with some of its nodes replaced by sources that send what a recording holds
 * of their outputs, with the recorded timing.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run a dataflow (the recorded one, or --yml another) with recorded nodes replaced by sources "
                + "that send the recorded messages with the recorded timing; the other nodes run as usual.",
            "Without --replace, the recorded nodes that read no other node (the sources) are replaced."})
final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RECORDING", description = "the recording directory")
    private Path recordingDir = Path.of(".");

    @Option(names = "--speed", paramLabel = "FACTOR", description = {"1 as recorded (default), 2 twice as fast, 0.5 "
            + "half as fast; 0 as fast as the readers accept, lossless (their inputs from replaced nodes become "
            + "backpressure)"})
    private double speed = 1;

    @Option(names = "--loop", description = "start again from the beginning at the end, until Ctrl-C")
    private boolean loop;

    @Option(names = "--replace", paramLabel = "NODE", split = ",",
            description = "the nodes to replace by the recording, e.g. camera,lidar")
    private List<String> replace = new ArrayList<>();

    @Option(names = "--yml", paramLabel = "DATAFLOW", description = "run this dataflow instead of the recorded one")
    private @Nullable Path yml;

    @Mixin
    private RunSettings settings = new RunSettings();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
            err.println("error: --speed must be 0 (as fast as possible) or a positive factor, was " + speed);
            return Main.USER_ERROR;
        }
        Dataflow replayed;
        try {
            Recording recording = Recording.open(recordingDir);
            Optional<Dataflow> dataflow = DataflowFiles.load(dataflowFile(recording, err), err);
            if (dataflow.isEmpty()) {
                return Main.USER_ERROR;
            }
            List<String> nodes = replace.isEmpty() ? RecordingPlans.defaultReplaced(dataflow.get(), recording)
                    : replace;
            if (nodes.isEmpty()) {
                err.println("error: " + recordingDir + " holds no output of a source node of " + dataflow.get().file()
                        + "; name the nodes to replace with --replace");
                return Main.USER_ERROR;
            }
            replayed = RecordingPlans.withReplay(dataflow.get(), recording, nodes, speed, loop);
            err.println("jdora: replaying " + String.join(", ", nodes) + " from " + recordingDir + " at speed "
                    + (speed == 0 ? "0 (as fast as the readers accept)" : speed) + (loop ? ", looping" : ""));
        } catch (RecordingException e) {
            e.getMessage().lines().forEach(line -> err.println("error: " + line));
            return Main.USER_ERROR;
        }
        return settings.run(replayed, err);
    }

    /** {@code --yml}, else the recorded dataflow file if it is still there, else the recording's copy of it. */
    private Path dataflowFile(Recording recording, PrintWriter err) {
        if (yml != null) {
            return yml;
        }
        Path original = Path.of(recording.manifest().dataflow());
        try {
            if (Files.isRegularFile(original)
                    && Files.readString(original).equals(recording.manifest().dataflowYaml())) {
                return original;
            }
        } catch (IOException e) {
            err.println("jdora: " + original + " cannot be read (" + e.getMessage() + "); using the recorded copy");
        }
        if (Files.isRegularFile(original)) {
            err.println("jdora: " + original + " has changed since it was recorded; running the recorded copy (use "
                    + "--yml to run the changed one)");
        }
        return recording.directory().resolve("dataflow.yml");
    }
}
