package dev.jdora.recording;

import dev.jdora.recording.internal.Columns;
import dev.jdora.recording.internal.RecordedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.complex.ListVector;

/**
 * A recording directory, opened for reading (see the package documentation for its layout). Immutable once
 * opened; any thread. Reading messages opens the files anew each time.
 *
 * <pre>{@code
 * Recording recording = Recording.open(Path.of("recordings/camera-20260101-120000"));
 * try (RecordedMessages images = recording.messages("camera/image", allocator)) { ... }
 * }</pre>
 */
public final class Recording {

    private final Path dir;
    private final Manifest manifest;

    private Recording(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * Opens a recording.
     *
     * @throws RecordingException if {@code dir} is not a directory, has no readable {@code manifest.json}, or its
     *                            manifest names a file outside {@code dir} ({@link #file})
     */
    public static Recording open(Path dir) throws RecordingException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new RecordingException(dir + ": not a recording (no such directory)");
        }
        Path file = dir.resolve(Manifest.FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new RecordingException(dir + ": not a recording (it has no " + Manifest.FILE + ")");
        }
        Recording recording;
        try {
            recording = new Recording(dir, Manifest.fromJson(Files.readString(file), file.toString()));
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read: " + e.getMessage(), e);
        }
        for (Manifest.Output entry : recording.manifest.outputs()) {
            recording.file(entry); // refuses a manifest naming a file elsewhere before anything is read or repaired
        }
        return recording;
    }

    public Path directory() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The recorded outputs ({@code node/output}), in the manifest's order. */
    public List<String> outputs() {
        return manifest.outputs().stream().map(Manifest.Output::output).toList();
    }

    /**
     * The messages of {@code output}, in the order received; none if it sent nothing (it then has no file).
     *
     * @throws RecordingException if the output was not recorded, or its file is not Arrow IPC
     */
    public RecordedMessages messages(String output, BufferAllocator allocator) throws RecordingException {
        Path file = file(entry(output));
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new RecordedMessages(null, allocator);
        }
        return new RecordedMessages(RecordedFile.open(file, allocator), allocator);
    }

    /**
     * The Arrow IPC file of a recorded output, inside the recording directory. Every reader and writer of a
     * recording's files goes through here, so a crafted manifest cannot make jdora read or rewrite a file elsewhere.
     *
     * @throws RecordingException if the manifest's {@code file} is absolute or leads out of the recording directory
     */
    public Path file(Manifest.Output entry) throws RecordingException {
        Path root = dir.toAbsolutePath().normalize();
        Path named;
        try {
            named = Path.of(entry.file());
        } catch (InvalidPathException e) {
            throw new RecordingException(dir.resolve(Manifest.FILE) + ": output " + entry.output() + " names a file "
                    + "that is not a path: " + e.getMessage());
        }
        Path file = root.resolve(named).normalize();
        if (named.isAbsolute() || !file.startsWith(root) || file.equals(root)) {
            throw new RecordingException(dir.resolve(Manifest.FILE) + ": output " + entry.output() + " names a file "
                    + "outside the recording: " + entry.file() + " (a recording's files are in its directory)");
        }
        return file;
    }

    private Manifest.Output entry(String output) throws RecordingException {
        return manifest.outputs().stream().filter(o -> o.output().equals(output)).findFirst()
                .orElseThrow(() -> new RecordingException(dir + ": output " + output + " was not recorded (recorded: "
                        + String.join(", ", outputs()) + ")"));
    }

    /**
     * What a recorded output holds, counted from its file.
     *
     * @param output   {@code node/output}
     * @param messages messages in the file (up to the last complete batch of a cut-off file)
     * @param dropped  dropped by the recorder ({@code --lossy}), from the manifest
     * @param first    when the first message was received
     * @param last     when the last message was received
     * @param dataType the Arrow type of each message's data (empty if it sent nothing)
     * @param cutOff   why the file ended early, if the recording was cut off
     */
    public record OutputInfo(String output, long messages, long dropped, Optional<Instant> first,
                             Optional<Instant> last, Optional<String> dataType, Optional<String> cutOff) {
    }

    /** Reads every file once and counts what it holds. Blocks on file I/O. */
    public List<OutputInfo> info(BufferAllocator allocator) throws RecordingException {
        List<OutputInfo> infos = new ArrayList<>();
        for (Manifest.Output entry : manifest.outputs()) {
            Path file = file(entry);
            long count = 0;
            Long first = null;
            long last = 0;
            Optional<String> type = Optional.empty();
            Optional<String> cut = Optional.empty();
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                try (RecordedFile recorded = RecordedFile.open(file, allocator)) {
                    ListVector data = (ListVector) recorded.root().getVector(Columns.DATA);
                    type = Optional.of(data.getField().getChildren().get(0).getType().toString());
                    var receive = (org.apache.arrow.vector.TimeStampNanoTZVector) recorded.root()
                            .getVector(Columns.RECEIVE_TIME);
                    while (recorded.loadNextBatch()) {
                        int rows = recorded.root().getRowCount();
                        if (rows > 0) {
                            first = first == null ? receive.get(0) : first;
                            last = receive.get(rows - 1);
                        }
                        count += rows;
                    }
                    cut = Optional.ofNullable(recorded.cutOff());
                }
            }
            infos.add(new OutputInfo(entry.output(), count, entry.dropped(),
                    Optional.ofNullable(first).map(Recording::instant),
                    first == null ? Optional.empty() : Optional.of(instant(last)), type, cut));
        }
        return infos;
    }

    /** The instant of nanoseconds since the epoch. */
    public static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
