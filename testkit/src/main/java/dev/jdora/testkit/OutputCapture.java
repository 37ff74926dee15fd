package dev.jdora.testkit;

import dev.jdora.core.internal.Plural;
import dev.jdora.core.internal.WakeSignal;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * The harness's subscription to one output of the node under test. Whoever reads it (a {@link CapturePump} or
 * {@code awaitOutputs}) registers a {@link WakeSignal}; the transport wakes them all when a message or the end
 * arrives.
 *
 * <p><b>Ownership.</b> Every {@link Captured} handed out stays owned by this capture and is released by
 * {@link #close()}. <b>Threads.</b> Thread-safe: reads of the reader are serialized by this object's monitor.
 */
final class OutputCapture {

    private final String nodeId;
    private final String outputId;
    private final BufferAllocator allocator;
    private final List<WakeSignal> listeners = new CopyOnWriteArrayList<>();
    private final List<Captured> handedOut = new ArrayList<>();
    private final InputReader reader;
    private boolean closed;

    OutputCapture(String nodeId, String outputId, Transport transport, InputOptions options,
                  BufferAllocator allocator) {
        this.nodeId = nodeId;
        this.outputId = outputId;
        this.allocator = allocator;
        this.reader = transport.subscribe(new ChannelId(nodeId, outputId), options, this::wakeAll);
    }

    String outputId() {
        return outputId;
    }

    void addListener(WakeSignal signal) {
        listeners.add(signal);
        signal.wake();
    }

    void removeListener(WakeSignal signal) {
        listeners.remove(signal);
    }

    private void wakeAll() {
        listeners.forEach(WakeSignal::wake);
    }

    /** The next captured message, or null if none is queued now (or the capture is closed). Never blocks. */
    synchronized @Nullable Captured poll() {
        if (closed) {
            return null;
        }
        Received received = reader.poll(allocator);
        if (received == null) {
            return null;
        }
        // the reader lends its data until the next poll: a capture keeps it, so it takes it over
        Captured captured = new Captured(outputId, received.takeData(), received.metadata());
        handedOut.add(captured);
        return captured;
    }

    /** {@code Ended} or {@code Failed} once the node ended this output and everything it sent has been polled. */
    synchronized InputReader.State state() {
        return closed ? new InputReader.State.Ended() : reader.state();
    }

    /**
     * The next {@code count} messages, waiting until {@code timeout}.
     *
     * @throws AssertionError if fewer arrived in time, saying how many and whether the output ended
     */
    List<Captured> await(int count, Duration timeout) {
        long deadline = Joins.deadline(timeout.toNanos());
        List<Captured> out = new ArrayList<>(count);
        WakeSignal signal = new WakeSignal();
        addListener(signal);
        try {
            while (out.size() < count) {
                Captured next = poll();
                if (next != null) {
                    out.add(next);
                    continue;
                }
                InputReader.State state = state();
                long left = deadline - System.nanoTime();
                if (!(state instanceof InputReader.State.Open) || left <= 0) {
                    throw new AssertionError(describe() + ": expected " + Plural.count(count, "message") + " within "
                            + timeout + ", got " + out.size() + endNote(state) + (out.isEmpty() ? "" : ": " + out));
                }
                signal.await(left);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException(describe() + ": interrupted while awaiting outputs");
        } finally {
            removeListener(signal);
        }
    }

    String describe() {
        return "node '" + nodeId + "' output '" + outputId + "'";
    }

    static String endNote(InputReader.State state) {
        if (state instanceof InputReader.State.Failed failed) {
            return " (the node failed: " + failed.error() + ")";
        }
        return state instanceof InputReader.State.Ended ? " (the output ended)" : "";
    }

    /** Unsubscribes and releases everything captured. Idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            reader.close();
            handedOut.forEach(Captured::close);
            handedOut.clear();
        }
        wakeAll();
    }
}
