package dev.jdora.recording;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.recording.internal.Columns;
import dev.jdora.recording.internal.ParametersJson;
import dev.jdora.recording.internal.RecordedFile;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.jspecify.annotations.Nullable;

/**
 * The messages of one recorded output, in the order they were received: a cursor.
 *
 * <pre>{@code
 * try (RecordedMessages messages = recording.messages("camera/image", allocator)) {
 *     while (messages.next()) {
 *         node.send("image", messages.data(), messages.metadata().parameters());
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Owns what it returns: {@link #data()} is valid until the next {@link #next()} or
 * {@link #close()}, which close it (transfer it to keep it longer). Reads one batch of the file at a time.
 */
public final class RecordedMessages implements AutoCloseable {

    private final @Nullable RecordedFile file;
    private final BufferAllocator allocator;
    private int row = -1;
    private int rows;
    private @Nullable ValueVector data;

    RecordedMessages(@Nullable RecordedFile file, BufferAllocator allocator) {
        this.file = file;
        this.allocator = allocator;
    }

    /** Moves to the next message; false when there is none left. */
    public boolean next() throws RecordingException {
        releaseData();
        if (file == null) {
            return false;
        }
        while (row + 1 >= rows) {
            if (!file.loadNextBatch()) {
                return false;
            }
            rows = file.root().getRowCount();
            row = -1;
        }
        row++;
        return true;
    }

    private VectorSchemaRoot root() throws RecordingException {
        if (file == null || row < 0) {
            throw new IllegalStateException("no current message: call next() first");
        }
        return file.root();
    }

    /** The current message's data, as it was sent. Owned by this cursor. */
    public ValueVector data() throws RecordingException {
        if (data == null) {
            ListVector list = (ListVector) root().getVector(Columns.DATA);
            int start = list.getElementStartIndex(row);
            int length = list.getElementEndIndex(row) - start;
            var transfer = list.getDataVector().getTransferPair(allocator);
            transfer.splitAndTransfer(start, length);
            data = transfer.getTo();
        }
        return data;
    }

    /** The current message's metadata: the sender's timestamp and the parameters. */
    public Metadata metadata() throws RecordingException {
        VectorSchemaRoot r = root();
        long nanos = ((TimeStampNanoTZVector) r.getVector(Columns.TIMESTAMP)).get(row);
        int counter = ((IntVector) r.getVector(Columns.HLC_COUNTER)).get(row);
        String json = new String(((VarCharVector) r.getVector(Columns.PARAMETERS)).get(row), StandardCharsets.UTF_8);
        return new Metadata(new Timestamp(nanos, counter), ParametersJson.read(json));
    }

    /** When the recorder received the current message, in nanoseconds since the epoch. */
    public long receiveNanos() throws RecordingException {
        return ((TimeStampNanoTZVector) root().getVector(Columns.RECEIVE_TIME)).get(row);
    }

    /** Why the file ended early, if it was cut off (the recorder was killed); known once {@link #next()} is false. */
    public Optional<String> cutOff() {
        return file == null ? Optional.empty() : Optional.ofNullable(file.cutOff());
    }

    private void releaseData() {
        if (data != null) {
            data.close();
            data = null;
        }
    }

    @Override
    public void close() throws RecordingException {
        releaseData();
        if (file != null) {
            file.close();
        }
    }
}
