package dev.jdora.core.internal.stats;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Received;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InputReader} that counts what it lends in its input's statistics: every message polled (with its
 * latency), and the reader's drop count, copied every {@value #DROP_REFRESH} messages, when the input has nothing
 * queued, and when it closes. Same threading and ownership as the reader it wraps, which it closes.
 */
public final class RecordingReader implements InputReader {

    /** Messages between two copies of the drop count while messages keep coming. */
    static final int DROP_REFRESH = 64;

    private final InputReader reader;
    private final InputRecorder recorder;
    private int untilRefresh = DROP_REFRESH;
    private boolean dropsStale = true;

    public RecordingReader(InputReader reader, InputRecorder recorder) {
        this.reader = reader;
        this.recorder = recorder;
    }

    @Override
    public @Nullable Received poll(BufferAllocator allocator) {
        Received received = reader.poll(allocator);
        if (received != null) {
            recorder.received(received.timestampNanos());
            dropsStale = true;
            if (--untilRefresh == 0) {
                refreshDrops();
            }
        }
        return received;
    }

    private void refreshDrops() {
        untilRefresh = DROP_REFRESH;
        dropsStale = false;
        recorder.dropped(reader.droppedCount());
    }

    @Override
    public void release() {
        reader.release();
    }

    @Override
    public long oldestArrivalNanos() {
        long oldest = reader.oldestArrivalNanos();
        if (oldest == NO_MESSAGE && dropsStale) {
            refreshDrops();
        }
        return oldest;
    }

    @Override
    public State state() {
        return reader.state();
    }

    @Override
    public boolean needsPolling() {
        return reader.needsPolling();
    }

    @Override
    public boolean armWakeup() {
        return reader.armWakeup();
    }

    @Override
    public void disarmWakeup() {
        reader.disarmWakeup();
    }

    @Override
    public QueuePolicy queuePolicy() {
        return reader.queuePolicy();
    }

    @Override
    public long droppedCount() {
        return reader.droppedCount();
    }

    @Override
    public void close() {
        reader.close();
        recorder.dropped(reader.droppedCount()); // what it still held counts now
    }

    @Override
    public String toString() {
        return reader.toString();
    }
}
