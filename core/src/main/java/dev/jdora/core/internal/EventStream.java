package dev.jdora.core.internal;

import dev.jdora.core.Event;
import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.StopCause;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Received;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Merges a node's inputs and control inbox into one ordered event stream (DESIGN.md section 2):
 * control events first, then inputs in arrival order, then end-of-input bookkeeping ({@code NodeFailed} before
 * {@code InputClosed}, {@code input_timeout}, {@code Stop(ALL_INPUTS_CLOSED)}).
 *
 * <p><b>Stop(MANUAL)</b> (rule 2) pre-empts {@code drop_oldest} inputs but not {@code backpressure} ones: once it is
 * taken from the control inbox, the stream first delivers every message that had arrived on a {@code backpressure}
 * input by then (in arrival order; messages sent after it are not waited for), then the {@code Stop}. The readers are
 * closed with the {@code Stop}, and close counts what they still hold as dropped. A {@code Stop} before the start
 * barrier opened is delivered at once (rule 4: no input before the start).
 *
 * <p><b>input_timeout</b> closes an input ({@code InputClosed}) but keeps reading it: if data comes again, the input
 * gets {@code InputRecovered} and then that data. While closed by its timeout, the input counts as closed for
 * {@code Stop(ALL_INPUTS_CLOSED)}; if its source then ends, nothing more is said about it.
 *
 * <p><b>Threads.</b> One consumer thread; {@link #next(long)} blocks up to its deadline. Not thread-safe.
 */
final class EventStream {

    private final NodeContext context;
    private final HybridLogicalClock clock;
    private final List<InputState> inputs = new ArrayList<>();
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final Set<String> failedSourcesReported = new HashSet<>();
    private final boolean polled;
    private final IdleStrategy idleStrategy;
    private boolean started;
    private boolean ended;
    private Event.@Nullable Stop stopping;
    private long stopArrivalNanos;
    private volatile boolean wakeupRequested;
    /** The reader of the last {@code Input}: what it lent is released before the next event. */
    private @Nullable InputReader lender;
    /** The data of an input closed by its timeout, delivered right after its {@code InputRecovered}. */
    private Event.@Nullable Input recovered;

    EventStream(NodeContext context, HybridLogicalClock clock) {
        this.context = context;
        this.clock = clock;
        for (BoundInput input : context.inputs()) {
            inputs.add(new InputState(input));
        }
        this.polled = context.inputs().stream().anyMatch(i -> i.reader().needsPolling());
        this.idleStrategy = IdleStrategy.from(context.env());
    }

    /**
     * Makes the current or next wakeable {@link #next} return empty once it finds no event (see {@link Wakeable}).
     * Any thread.
     */
    void wakeup() {
        wakeupRequested = true;
        context.signal().wake();
    }

    /** Takes a pending {@link #wakeup()}. */
    private boolean wokenUp() {
        if (wakeupRequested) {
            wakeupRequested = false;
            return true;
        }
        return false;
    }

    boolean isEnded() {
        return ended;
    }

    /**
     * The next event, or empty if {@code deadlineNanos} ({@link System#nanoTime()} scale) passed first, the stream
     * has ended, or (if {@code wakeable}) {@link #wakeup()} was called.
     */
    Optional<Event> next(long deadlineNanos, boolean wakeable) throws InterruptedException {
        if (ended) {
            return Optional.empty();
        }
        if (!started && !awaitStart(deadlineNanos, wakeable)) {
            if (context.controlQueue().peek() instanceof Event.Stop) {
                return Optional.ofNullable(nextReady());
            }
            return Optional.empty();
        }
        int idle = 0;
        long idleSince = 0;
        while (true) {
            Event event = nextReady();
            if (event != null) {
                return Optional.of(event);
            }
            long now = System.nanoTime();
            if (idle == 0) {
                idleSince = now;
            }
            long wakeAt = Math.min(deadlineNanos, nearestTimeout());
            if (now - deadlineNanos >= 0 || wakeable && wokenUp()) {
                return Optional.empty();
            }
            long wait = Math.max(1, wakeAt - now);
            if (!polled) {
                context.signal().await(wait);
            } else if (!idleStrategy.pause(idle++, idleSince) && armWakeups()) {
                try {
                    context.signal().await(wait);
                } finally {
                    disarmWakeups();
                }
            }
        }
    }

    /**
     * Arms the wake-up of every open input before parking; false (with none left armed) if one has a message or its
     * end already, so the caller polls again instead.
     */
    private boolean armWakeups() {
        for (int i = 0, n = inputs.size(); i < n; i++) {
            InputState input = inputs.get(i);
            if (!input.closed && !input.bound.reader().armWakeup()) {
                for (int j = 0; j < i; j++) {
                    disarm(inputs.get(j));
                }
                return false;
            }
        }
        return true;
    }

    private void disarmWakeups() {
        for (int i = 0, n = inputs.size(); i < n; i++) {
            disarm(inputs.get(i));
        }
    }

    private static void disarm(InputState input) {
        if (!input.closed) {
            input.bound.reader().disarmWakeup();
        }
    }

    /**
     * Waits for the start barrier; false if the deadline passed or a {@code Stop} arrived first (a stop before the
     * start still reaches the node, as its first and last event).
     */
    private boolean awaitStart(long deadlineNanos, boolean wakeable) throws InterruptedException {
        while (!context.barrier().isOpen()) {
            if (context.controlQueue().peek() instanceof Event.Stop) {
                return false;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || wakeable && wokenUp()) {
                return false;
            }
            context.signal().await(left);
        }
        started = true;
        long now = System.nanoTime();
        inputs.forEach(i -> i.lastActivityNanos = now);
        return true;
    }

    private @Nullable Event nextReady() {
        Event.Input afterRecovery = recovered;
        if (afterRecovery != null) {
            recovered = null;
            return afterRecovery;
        }
        if (stopping != null) {
            return drainBeforeStop(stopping);
        }
        Event control = context.controlQueue().poll();
        if (control != null) {
            if (control instanceof Event.Stop stop) {
                if (started && stop.cause() == StopCause.MANUAL) {
                    stopping = stop;
                    stopArrivalNanos = System.nanoTime();
                    return drainBeforeStop(stop);
                }
                end();
            }
            return control;
        }
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        try {
            Event input = pollOldestInput();
            if (input != null) {
                return input;
            }
            collectEnds();
        } catch (RuntimeException e) {
            end();
            return Event.Error.of("node '" + context.nodeId() + "': the event stream failed: " + e, e);
        }
        collectTimeouts();
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        if (allDataInputsClosed()) {
            end();
            return new Event.Stop(StopCause.ALL_INPUTS_CLOSED);
        }
        return null;
    }

    /**
     * True when the node has inputs from other nodes and all of them are closed. Timer inputs do not count while
     * the node has other inputs: a node fed by a producer and a timer stops when the producer is done. A node fed
     * only by timers stops when they have all closed: the runtime closes them once every reader of the node's outputs
     * has ended; otherwise it stops only on {@code Stop(MANUAL)}.
     */
    private boolean allDataInputsClosed() {
        boolean anyData = false;
        boolean allClosed = true;
        for (InputState input : inputs) {
            if (!input.bound.timer()) {
                anyData = true;
                if (!input.closed && !input.timedOut) {
                    return false;
                }
            } else if (!input.closed) {
                allClosed = false;
            }
        }
        return anyData || allClosed && !inputs.isEmpty();
    }

    /** The next message that had arrived on a backpressure input before the {@code Stop}, else the {@code Stop}. */
    private Event drainBeforeStop(Event.Stop stop) {
        try {
            Event input = pollOldestInput(true);
            if (input != null) {
                return input;
            }
        } catch (RuntimeException e) {
            end();
            return Event.Error.of("node '" + context.nodeId() + "': the event stream failed: " + e, e);
        }
        end();
        return stop;
    }

    private @Nullable Event pollOldestInput() {
        return pollOldestInput(false);
    }

    /**
     * @param beforeStop only {@code backpressure} inputs, and only messages that arrived before the {@code Stop}
     */
    private @Nullable Event pollOldestInput(boolean beforeStop) {
        InputState oldest = null;
        long oldestArrival = 0;
        for (int i = 0, n = inputs.size(); i < n; i++) {
            InputState input = inputs.get(i);
            if (input.closed || beforeStop && input.bound.reader().queuePolicy() != QueuePolicy.BACKPRESSURE) {
                continue;
            }
            long arrival = input.bound.reader().oldestArrivalNanos();
            if (arrival == InputReader.NO_MESSAGE || beforeStop && arrival - stopArrivalNanos > 0) {
                continue;
            }
            if (oldest == null || arrival - oldestArrival < 0) {
                oldest = input;
                oldestArrival = arrival;
            }
        }
        if (oldest == null) {
            return null;
        }
        InputReader reader = oldest.bound.reader();
        Received received = reader.poll(context.allocator());
        if (received == null) {
            return null;
        }
        lender = reader;
        oldest.lastActivityNanos = System.nanoTime();
        clock.update(received.timestampNanos(), received.timestampCounter());
        Event.Input input = new Event.Input(oldest.bound.inputId(), received.data(), received.metadata());
        if (oldest.timedOut) {
            oldest.timedOut = false;
            recovered = input; // lent until the event after the next: nothing polls this reader in between
            return new Event.InputRecovered(input.id());
        }
        return input;
    }

    /**
     * Releases what the last {@code Input} lent, as its reader's next poll would (see {@link InputReader#release()}):
     * a vector the reader reuses keeps its buffers, pinned shared memory is let go. Data taken with
     * {@code takeData()} is not affected. Idempotent.
     */
    void releaseLent() {
        InputReader r = lender;
        if (r != null) {
            lender = null;
            r.release();
        }
    }

    private void collectEnds() {
        for (InputState input : inputs) {
            if (input.closed) {
                continue;
            }
            InputReader.State state = input.bound.reader().state();
            if (input.timedOut && !(state instanceof InputReader.State.Open)) {
                input.closed = true; // said closed already, by its timeout
                input.bound.reader().close();
            } else if (state instanceof InputReader.State.Failed failed) {
                reportFailure(input.bound.sourceNodeId(), failed.error());
                closeInput(input);
            } else if (state instanceof InputReader.State.Ended) {
                closeInput(input);
            }
        }
    }

    private void reportFailure(String sourceNodeId, String error) {
        if (failedSourcesReported.add(sourceNodeId)) {
            List<String> affected = inputs.stream()
                    .filter(i -> i.bound.sourceNodeId().equals(sourceNodeId))
                    .map(i -> i.bound.inputId())
                    .toList();
            pending.add(new Event.NodeFailed(sourceNodeId, affected, error));
        }
    }

    private void collectTimeouts() {
        long now = System.nanoTime();
        for (InputState input : inputs) {
            if (!input.closed && !input.timedOut && input.timeoutNanos > 0
                    && now - input.lastActivityNanos >= input.timeoutNanos
                    && input.bound.reader().oldestArrivalNanos() == InputReader.NO_MESSAGE) {
                input.timedOut = true; // still read: data that comes again recovers it
                pending.add(new Event.InputClosed(input.bound.inputId()));
            }
        }
    }

    private long nearestTimeout() {
        long nearest = Long.MAX_VALUE;
        for (InputState input : inputs) {
            if (!input.closed && !input.timedOut && input.timeoutNanos > 0) {
                nearest = Math.min(nearest, input.lastActivityNanos + input.timeoutNanos);
            }
        }
        return nearest;
    }

    private void closeInput(InputState input) {
        input.closed = true;
        input.bound.reader().close();
        pending.add(new Event.InputClosed(input.bound.inputId()));
    }

    private void end() {
        ended = true;
        close();
    }

    /** Unsubscribes from every input, releasing what is still queued (the readers count it as dropped). Idempotent. */
    void close() {
        for (InputState input : inputs) {
            input.bound.reader().close();
        }
        pending.clear();
        recovered = null;
    }

    long droppedCount(String inputId) {
        return inputs.stream()
                .filter(i -> i.bound.inputId().equals(inputId))
                .findFirst()
                .map(i -> i.bound.reader().droppedCount())
                .orElseThrow(() -> new IllegalArgumentException(
                        "node '" + context.nodeId() + "': no input '" + inputId + "'"));
    }

    private static final class InputState {
        final BoundInput bound;
        final long timeoutNanos;
        boolean closed;
        /** Closed by {@code input_timeout} (the node got {@code InputClosed}) and still read, to recover. */
        boolean timedOut;
        long lastActivityNanos;

        InputState(BoundInput bound) {
            this.bound = bound;
            this.timeoutNanos = bound.timeout().map(d -> d.toNanos()).orElse(0L);
        }
    }
}
