package dev.jdora.recording.internal;

import dev.jdora.core.Metadata;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.VectorAppender;
import org.jspecify.annotations.Nullable;

/**
 * Writes the messages of one output to its Arrow IPC file with Arrow's {@link ArrowFileWriter}: rows gather in a
 * batch, which is written when it holds {@value #MAX_ROWS} rows or {@value #MAX_BYTES} bytes of data, or when
 * {@link #flushIfOlder} finds it old enough. A written batch is in the file at once (no buffering in this JVM), so a
 * recording killed after it keeps it: the file then lacks only its footer, and what precedes the footer is an IPC
 * stream (see {@link RecordedFile}). The file is created on the first message, when the data type is known.
 *
 * <p>Not thread-safe: the recorder node's thread alone uses it. Owns its vectors and file; {@link #close()} writes the
 * last batch and the footer and releases them.
 */
final class OutputFileWriter implements AutoCloseable {

    static final int MAX_ROWS = 1024;
    static final long MAX_BYTES = 16L << 20;

    private final String output;
    private final Path file;
    private final BufferAllocator allocator;
    private @Nullable Field messageField;
    private @Nullable VectorSchemaRoot root;
    private @Nullable ArrowFileWriter writer;
    private @Nullable FileChannel channel;
    private int rows;
    private long batchBytes;
    private long batchStartNanos;
    private long messages;

    OutputFileWriter(String output, Path file, BufferAllocator allocator) {
        this.output = output;
        this.file = file;
        this.allocator = allocator;
    }

    long messages() {
        return messages;
    }

    /** Appends one message (copied; the caller keeps {@code data}). */
    void append(ValueVector data, Metadata metadata, long receiveNanos, long nowNanos) throws IOException {
        Field field = new Field("item", data.getField().getFieldType(), data.getField().getChildren());
        if (root == null) {
            open(field);
        } else if (!field.equals(messageField)) {
            throw new IOException("output " + output + ": its data type changed from " + messageField.getType()
                    + " to " + field.getType() + "; a recording keeps one type per output");
        }
        VectorSchemaRoot r = root;
        ListVector list = (ListVector) r.getVector(Columns.DATA);
        if (rows == 0) {
            batchStartNanos = nowNanos;
        }
        list.startNewValue(rows);
        data.accept(new VectorAppender(list.getDataVector()), null);
        list.endValue(rows, data.getValueCount());
        ((TimeStampNanoTZVector) r.getVector(Columns.TIMESTAMP)).setSafe(rows, metadata.timestamp().nanos());
        ((IntVector) r.getVector(Columns.HLC_COUNTER)).setSafe(rows, metadata.timestamp().counter());
        ((TimeStampNanoTZVector) r.getVector(Columns.RECEIVE_TIME)).setSafe(rows, receiveNanos);
        ((VarCharVector) r.getVector(Columns.PARAMETERS)).setSafe(rows,
                ParametersJson.write(metadata.parameters()).getBytes(StandardCharsets.UTF_8));
        rows++;
        messages++;
        batchBytes += data.getBufferSize();
        if (rows >= MAX_ROWS || batchBytes >= MAX_BYTES) {
            flush();
        }
    }

    /** Writes the batch if its first row is older than {@code maxAgeNanos}. */
    void flushIfOlder(long nowNanos, long maxAgeNanos) throws IOException {
        if (rows > 0 && nowNanos - batchStartNanos >= maxAgeNanos) {
            flush();
        }
    }

    private void open(Field field) throws IOException {
        messageField = field;
        root = VectorSchemaRoot.create(Columns.schema(output, field), allocator);
        channel = OwnerFiles.create(file);
        writer = new ArrowFileWriter(root, null, channel);
        writer.start();
    }

    private void flush() throws IOException {
        if (rows == 0 || root == null || writer == null) {
            return;
        }
        for (FieldVector vector : root.getFieldVectors()) {
            vector.setValueCount(rows);
        }
        root.setRowCount(rows);
        writer.writeBatch();
        for (FieldVector vector : root.getFieldVectors()) {
            vector.clear();
        }
        root.setRowCount(0);
        rows = 0;
        batchBytes = 0;
    }

    /** Writes the last batch and the footer, and releases the vectors and the file. */
    @Override
    public void close() throws IOException {
        try {
            flush();
            if (writer != null) {
                writer.end();
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
            if (channel != null) {
                channel.close();
            }
            if (root != null) {
                root.close();
            }
        }
    }
}
