package dev.jdora.recording.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The recorder: a node the runtime runs like any other (a thread, or a process of its own), added to the dataflow by
 * {@link dev.jdora.recording.RecordingPlans#withRecorder}. Each of its inputs reads one recorded output; each message
 * becomes a row of that output's file, through the {@link RecordingWriter} that {@code jdora record --attach} uses
 * too. When it ends it writes the counts (and the drops of its {@code drop_oldest} inputs under {@code --lossy}) to
 * the manifest and prints them. Lossless, it slows the dataflow when the disk is slower than the data, and says so.
 * Runs on the node's thread alone.
 */
public final class RecorderNode implements NodeMain {

    /** The recording directory (absolute). */
    public static final String DIR_ENV = "JDORA_RECORDING_DIR";
    /** {@code inputId=node/output,...}. */
    public static final String OUTPUTS_ENV = "JDORA_RECORDING_OUTPUTS";
    /** {@code true} when the recorder's inputs are {@code drop_oldest}. */
    public static final String LOSSY_ENV = "JDORA_RECORDING_LOSSY";
    /** Tests: milliseconds to wait after each message, a deliberately slow disk. */
    public static final String THROTTLE_ENV = "JDORA_RECORDING_THROTTLE_MS";

    @Override
    public void run(Node node) {
        Path dir = Path.of(node.env().get(DIR_ENV));
        boolean lossy = Boolean.parseBoolean(node.env().get(LOSSY_ENV));
        long throttle = Long.parseLong(node.env().getOrDefault(THROTTLE_ENV, "0"));
        RecordingWriter writer = new RecordingWriter(dir, parseOutputs(node.env().get(OUTPUTS_ENV)), node.allocator(),
                lossy, throttle, System.out::println);
        try {
            record(node, writer);
        } finally {
            writer.finish(node::droppedCount);
        }
    }

    private static void record(Node node, RecordingWriter writer) {
        try {
            while (true) {
                Optional<Event> event = node.next(Duration.ofMillis(RecordingWriter.TICK_MILLIS));
                if (event.isEmpty() && node.isEndOfStream()) {
                    return;
                }
                if (event.isPresent() && event.get() instanceof Event.Input in && writer.records(in.id())) {
                    writer.append(in.id(), in.data(), in.metadata());
                } else {
                    writer.tick();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the recording cannot be written: " + e.getMessage(), e);
        }
    }

    static Map<String, String> parseOutputs(String text) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            outputs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return outputs;
    }
}
