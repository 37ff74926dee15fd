package dev.jdora.core.internal;

import dev.jdora.core.Event;
import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Metadata;
import dev.jdora.core.Node;
import dev.jdora.core.OutputBuffer;
import dev.jdora.core.transport.ChannelClosedException;
import dev.jdora.core.transport.OutputWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;

/** The {@link Node} over a {@link NodeContext}. See {@link Node} for threading and ownership. */
final class DefaultNode implements Node, Wakeable, InputLender {

    private final NodeContext context;
    private final HybridLogicalClock clock = new HybridLogicalClock();
    private final EventStream stream;
    private final Set<String> inputIds;
    private final Map<String, StampedSend> senders = new HashMap<>();
    private Event.@Nullable Input lastInput;
    private volatile boolean closed;

    DefaultNode(NodeContext context) {
        this.context = context;
        this.stream = new EventStream(context, clock);
        Set<String> ids = new LinkedHashSet<>();
        context.inputs().forEach(i -> ids.add(i.inputId()));
        this.inputIds = Set.copyOf(ids);
        context.outputs().forEach((id, writer) -> senders.put(id, new StampedSend(writer)));
    }

    @Override
    public String id() {
        return context.nodeId();
    }

    @Override
    public List<String> args() {
        return context.args();
    }

    @Override
    public Map<String, String> env() {
        return context.env();
    }

    @Override
    public Set<String> inputIds() {
        return inputIds;
    }

    @Override
    public Set<String> outputIds() {
        return context.outputs().keySet();
    }

    @Override
    public void send(String outputId, ValueVector data, Map<String, Object> parameters) {
        OutputWriter writer = writer(outputId);
        context.markReading();
        synchronized (writer) {
            // stamped under the lock: timestamps increase in the order the messages are published
            try {
                if (parameters.isEmpty()) {
                    senders.get(outputId).send(clock, data); // no Timestamp, no Metadata
                } else {
                    writer.send(data, new Metadata(clock.now(), parameters));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw NodeOutputBuffer.OutputErrors.interrupted(id(), outputId, "while waiting for a backpressure "
                        + "input to catch up (the message may have reached some inputs and not others)");
            } catch (ChannelClosedException e) {
                throw NodeOutputBuffer.OutputErrors.closed(id(), outputId, e);
            }
            // any other exception is a failure of the transport, not an end: it propagates as it is (it names the
            // channel), never relabelled as "closed"
        }
    }

    @Override
    public OutputBuffer allocate(String outputId, long length) {
        OutputWriter writer = writer(outputId);
        context.markReading();
        try {
            // not under the writer's monitor: a send of another thread need not wait while this one waits for room
            return new NodeOutputBuffer(id(), outputId, writer, writer.allocate(length, allocator()), clock);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NodeOutputBuffer.OutputErrors.interrupted(id(), outputId, "while waiting for room in the payload "
                    + "ring");
        } catch (ChannelClosedException e) {
            throw NodeOutputBuffer.OutputErrors.closed(id(), outputId, e);
        }
    }

    private OutputWriter writer(String outputId) {
        OutputWriter writer = context.outputs().get(outputId);
        if (writer == null) {
            throw new IllegalArgumentException("node '" + id() + "': output '" + outputId
                    + "' is not declared in the dataflow (declared outputs: " + new TreeSet<>(outputIds()) + ")");
        }
        return writer;
    }

    @Override
    public Optional<Event> next() {
        return nextBefore(Long.MAX_VALUE);
    }

    @Override
    public Optional<Event> next(Duration timeout) {
        long nanos = timeout.toNanos();
        return nextBefore(nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : System.nanoTime() + nanos);
    }

    private Optional<Event> nextBefore(long deadlineNanos) {
        context.markReading();
        releaseLastInput();
        if (closed) {
            return Optional.empty();
        }
        try {
            long deadline = deadlineNanos == Long.MAX_VALUE ? System.nanoTime() + Long.MAX_VALUE / 2 : deadlineNanos;
            Optional<Event> event = stream.next(deadline, deadlineNanos != Long.MAX_VALUE);
            event.ifPresent(e -> {
                if (e instanceof Event.Input in) {
                    lastInput = in;
                }
            });
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("node '" + id() + "': interrupted while waiting for the next event");
        }
    }

    /**
     * Through the stream, not {@code Input.close()}: the reader keeps a vector it reuses (data taken with
     * {@code takeData()} was transferred out and is not touched).
     */
    private void releaseLastInput() {
        if (lastInput != null) {
            lastInput = null;
            stream.releaseLent();
        }
    }

    @Override
    public void wakeup() {
        stream.wakeup();
    }

    @Override
    public void releaseLentInput() {
        releaseLastInput();
    }

    @Override
    public boolean isEndOfStream() {
        return closed || stream.isEnded();
    }

    @Override
    public Iterator<Event> iterator() {
        return new Iterator<>() {
            private @Nullable Event lookahead;

            @Override
            public boolean hasNext() {
                if (lookahead == null && !isEndOfStream()) {
                    lookahead = DefaultNode.this.next().orElse(null);
                }
                return lookahead != null;
            }

            @Override
            public Event next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the event stream of node '" + id() + "' has ended");
                }
                Event e = lookahead;
                lookahead = null;
                return e;
            }
        };
    }

    @Override
    public long droppedCount(String inputId) {
        return stream.droppedCount(inputId);
    }

    @Override
    public BufferAllocator allocator() {
        return context.allocator();
    }

    @Override
    public HybridLogicalClock clock() {
        return clock;
    }

    @Override
    public void stopAll() {
        context.requestStopAll();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.markReading(); // it will never read: it must not hold the others at the start barrier
        // not releaseLastInput(): that would mark the message finished. Closing the readers releases its data and
        // leaves it unfinished, so a node that throws while handling it gets it again when restarted; a node that
        // ended cleanly asked for its next event first, which finished it
        lastInput = null;
        stream.close();
        context.markClosed();
    }

    @Override
    public String toString() {
        return "Node[" + id() + "]";
    }
}
