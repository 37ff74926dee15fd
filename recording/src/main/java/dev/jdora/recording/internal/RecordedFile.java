package dev.jdora.recording.internal;

import dev.jdora.recording.RecordingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads the batches of one recorded output's file. A complete file is read with Arrow's {@link ArrowFileReader}. A
 * file cut off before its footer (the recorder was killed) is read as what it is up to there: the 8 bytes
 * {@code ARROW1\0\0}, then an Arrow IPC stream, read with {@link ArrowStreamReader} up to its last complete batch;
 * {@link #cutOff()} then says so. Not thread-safe; owns the file and the batch vectors ({@link #close()}).
 *
 * <pre>
 * +----------+--------+---------+---------+-----+--------+----------+
 * | ARROW1\0\0 | schema | batch 1 | batch 2 | ... | footer | ARROW1 |   complete file
 * +----------+--------+---------+---------+-----+--------+----------+
 * |<- 8 ->|<------------ IPC stream ----------->|   a cut-off file keeps a prefix of this
 * </pre>
 */
public final class RecordedFile implements AutoCloseable {

    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    private static final int STREAM_START = 8;

    private final Path file;
    private final ArrowReader reader;
    private final boolean streamFallback;
    private @Nullable String cutOff;

    private RecordedFile(Path file, ArrowReader reader, boolean streamFallback) {
        this.file = file;
        this.reader = reader;
        this.streamFallback = streamFallback;
    }

    /** Opens {@code file}: complete, or cut off (then read as a stream). */
    public static RecordedFile open(Path file, BufferAllocator allocator) throws RecordingException {
        checkMagic(file);
        FileChannel channel = channel(file);
        ArrowFileReader complete = new ArrowFileReader(channel, allocator);
        try {
            complete.getVectorSchemaRoot(); // reads the footer
            return new RecordedFile(file, complete, false);
        } catch (IOException | RuntimeException noFooter) {
            close(complete, file);
        }
        FileChannel again = channel(file);
        try {
            again.position(STREAM_START);
        } catch (IOException e) {
            close(again, file);
            throw new RecordingException(file + ": cannot be read: " + e.getMessage(), e);
        }
        ArrowStreamReader stream = new ArrowStreamReader(again, allocator);
        try {
            stream.getVectorSchemaRoot();
        } catch (IOException | RuntimeException e) {
            close(stream, file);
            throw new RecordingException(file + ": cut off before its schema: no message can be read from it");
        }
        return new RecordedFile(file, stream, true);
    }

    private static void checkMagic(Path file) throws RecordingException {
        try (FileChannel channel = channel(file)) {
            ByteBuffer head = ByteBuffer.allocate(MAGIC.length);
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // read the magic
            }
            if (head.hasRemaining() || !java.util.Arrays.equals(head.array(), MAGIC)) {
                throw new RecordingException(file + ": not an Arrow IPC file (it does not start with ARROW1)");
            }
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static FileChannel channel(Path file) throws RecordingException {
        try {
            return OwnerFiles.read(file);
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be opened: " + e, e);
        }
    }

    private static void close(AutoCloseable closeable, Path file) throws RecordingException {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new RecordingException(file + ": cannot be closed: " + e.getMessage(), e);
        }
    }

    /** The batch {@link #loadNextBatch()} loads into. */
    public VectorSchemaRoot root() throws RecordingException {
        try {
            return reader.getVectorSchemaRoot();
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the next batch; false at the end. In a cut-off file, a batch that was being written when the recorder
     * died ends the reading: {@link #cutOff()} then tells what was found.
     */
    public boolean loadNextBatch() throws RecordingException {
        if (cutOff != null) {
            return false;
        }
        try {
            boolean loaded = reader.loadNextBatch();
            if (!loaded && streamFallback) {
                cutOff = "cut off after its last complete batch (no footer)";
            }
            return loaded;
        } catch (IOException | RuntimeException e) {
            if (!streamFallback) {
                throw new RecordingException(file + ": a batch cannot be read: " + e.getMessage(), e);
            }
            cutOff = "cut off in a batch (" + e.getMessage() + "); read up to the last complete batch";
            return false;
        }
    }

    /** Whether the file lacks its footer, and what ended its reading; known once reading has reached the end. */
    public @Nullable String cutOff() {
        return cutOff != null ? cutOff : streamFallback ? "cut off (no footer)" : null;
    }

    @Override
    public void close() throws RecordingException {
        close(reader, file);
    }
}
