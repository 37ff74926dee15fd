package dev.jdora.core.internal.stats;

import dev.jdora.core.Metadata;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.SendBuffer;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;

/**
 * An {@link OutputWriter} that counts each message it sent and its bytes (the Arrow buffers' size) in its output's
 * statistics, once the send returned. Same threading and ownership as the writer it wraps, with one more rule: sends
 * on it are serialized by its caller, as {@code Node.send} and {@code OutputBuffer.send} do under the output's
 * monitor, because the count is a single-writer store. A buffer from {@link #allocate} is wrapped to count its send
 * (one small object per buffer, on a path that allocates its buffer object anyway).
 */
public final class RecordingWriter implements OutputWriter {

    private final OutputWriter writer;
    private final OutputRecorder recorder;

    public RecordingWriter(OutputWriter writer, OutputRecorder recorder) {
        this.writer = writer;
        this.recorder = recorder;
    }

    @Override
    public void send(ValueVector data, Metadata metadata) throws InterruptedException {
        long bytes = data.getBufferSize();
        writer.send(data, metadata);
        recorder.sent(bytes);
    }

    @Override
    public void send(ValueVector data, long timestampNanos, int timestampCounter, Map<String, Object> parameters)
            throws InterruptedException {
        long bytes = data.getBufferSize();
        writer.send(data, timestampNanos, timestampCounter, parameters);
        recorder.sent(bytes);
    }

    @Override
    public SendBuffer allocate(long length, BufferAllocator allocator) throws InterruptedException {
        return new CountedBuffer(writer.allocate(length, allocator), recorder);
    }

    @Override
    public void close() {
        writer.close();
    }

    @Override
    public void fail(String error) {
        writer.fail(error);
    }

    @Override
    public String toString() {
        return writer.toString();
    }

    /** A lent buffer whose send is counted. */
    private record CountedBuffer(SendBuffer lent, OutputRecorder recorder) implements SendBuffer {
        @Override
        public ArrowBuf buffer() {
            return lent.buffer();
        }

        @Override
        public long length() {
            return lent.length();
        }

        @Override
        public void send(Metadata metadata) throws InterruptedException {
            lent.send(metadata);
            recorder.sent(lent.length());
        }

        @Override
        public void close() {
            lent.close();
        }
    }
}
