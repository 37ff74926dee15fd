package dev.jdora.core.internal;

import dev.jdora.core.Event;
import dev.jdora.core.transport.OutputWriter;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * Everything the runtime wires for one node before it starts: its inputs, its outputs, its control inbox, the start
 * barrier. Handed to the node by {@link NodeContexts}; taken at most once.
 *
 * <p><b>Start barrier.</b> A node counts at the barrier once it is <em>reading</em> ({@link #markReading()}): its
 * first {@code next()} (a subscribed {@code Flux} with demand calls it), its first send (a node that sends before it
 * reads must not hold the dataflow at the barrier: with {@code backpressure} its readers would wait for it while it
 * waits for them), or its close (it will never read). A node without inputs counts as soon as it is taken: nothing
 * can be lost for it. A context with {@link #derive derived} contexts (an operator host) counts once every derived
 * one does: every operator loaded and its loop reading. Taking a context only says the node has started
 * ({@link #whenTaken}); a node process that connected may still be loading classes for a second or more, and
 * a barrier that opened then would let the first messages of a {@code drop_oldest} input be dropped.
 *
 * <p><b>Ownership.</b> The node's event stream owns the input readers once taken. The runtime owns the output writers
 * (it ends them when the node finishes, normally or by failure) and the allocator.
 */
public final class NodeContext {

    private final String nodeId;
    private final List<BoundInput> inputs;
    private final Map<String, OutputWriter> outputs;
    private final BufferAllocator allocator;
    private final StartBarrier barrier;
    private final WakeSignal signal;
    private final Queue<Event> control;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile Runnable onTaken = () -> { };
    private volatile Runnable onReading = () -> { };
    private volatile Runnable onStopAll = () -> { };
    private volatile Runnable onClosed = () -> { };
    private final @Nullable NodeContext parent;
    private final List<NodeContext> children = new CopyOnWriteArrayList<>();
    private final List<String> args;
    private final Map<String, String> env;

    /** A context with no {@code args} and no {@code env}. */
    public NodeContext(String nodeId, List<BoundInput> inputs, Map<String, OutputWriter> outputs,
                       BufferAllocator allocator, StartBarrier barrier, WakeSignal signal) {
        this(nodeId, inputs, outputs, allocator, barrier, signal, List.of(), Map.of());
    }

    /**
     * @param signal the signal that every input reader of this node wakes (passed to {@code Transport.subscribe})
     * @param args   the node's {@code args:} from YAML
     * @param env    the node's {@code env:} from YAML
     */
    public NodeContext(String nodeId, List<BoundInput> inputs, Map<String, OutputWriter> outputs,
                       BufferAllocator allocator, StartBarrier barrier, WakeSignal signal, List<String> args,
                       Map<String, String> env) {
        this(nodeId, inputs, outputs, allocator, barrier, signal, args, env, new ConcurrentLinkedQueue<>(), null);
    }

    private NodeContext(String nodeId, List<BoundInput> inputs, Map<String, OutputWriter> outputs,
                        BufferAllocator allocator, StartBarrier barrier, WakeSignal signal, List<String> args,
                        Map<String, String> env, Queue<Event> control, @Nullable NodeContext parent) {
        this.control = control;
        this.parent = parent;
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.nodeId = nodeId;
        this.inputs = List.copyOf(inputs);
        this.outputs = Map.copyOf(outputs);
        this.allocator = allocator;
        this.barrier = barrier;
        this.signal = signal;
        barrier.wakeOnOpen(signal);
    }

    public String nodeId() {
        return nodeId;
    }

    public List<String> args() {
        return args;
    }

    public Map<String, String> env() {
        return env;
    }

    public List<BoundInput> inputs() {
        return inputs;
    }

    public Map<String, OutputWriter> outputs() {
        return outputs;
    }

    public BufferAllocator allocator() {
        return allocator;
    }

    public StartBarrier barrier() {
        return barrier;
    }

    public WakeSignal signal() {
        return signal;
    }

    /** Delivers a control event ({@code Stop}, {@code Reload}) ahead of queued inputs. Any thread. */
    public void deliver(Event event) {
        children.forEach(child -> child.deliver(event));
        control.add(event);
        signal.wake();
    }

    Queue<Event> controlQueue() {
        return control;
    }

    /** Runs {@code action} when the context is taken (a node process tells its daemon). Call before {@link #take}. */
    public void whenTaken(Runnable action) {
        this.onTaken = action;
    }

    /**
     * Runs {@code action} when the node starts reading (a node process tells its daemon, whose barrier counts it).
     * Call before {@link #take}.
     */
    public void whenReading(Runnable action) {
        this.onReading = action;
    }

    /** Runs {@code action} when the node closes its {@code Node} (a node process tells its daemon). */
    public void whenClosed(Runnable action) {
        this.onClosed = action;
    }

    /** The node closed its {@code Node}: tells whoever asked ({@link #whenClosed}). Only a root context tells. */
    public void markClosed() {
        if (parent == null) {
            onClosed.run();
        }
    }

    /**
     * A context for the same node with other inputs and outputs (an operator host adds the in-memory channels
     * between its operators, and runs each operator on a context of its own). It shares this context's barrier and
     * stop-all handler; control events delivered to this context reach it too, and so do wake-ups of this context's
     * signal. Taking it takes this context (once).
     */
    public NodeContext derive(List<BoundInput> newInputs, Map<String, OutputWriter> newOutputs) {
        WakeSignal childSignal = new WakeSignal();
        signal.forwardTo(childSignal);
        NodeContext child = new NodeContext(nodeId, newInputs, newOutputs, allocator, barrier, childSignal, args, env,
                new ConcurrentLinkedQueue<>(control), this); // a Stop delivered before the child existed
        children.add(child);
        return child;
    }

    /** Sets what {@link #requestStopAll()} does: the runtime stops the whole dataflow. */
    public void whenStopAll(Runnable action) {
        if (parent != null) {
            parent.whenStopAll(action);
        } else {
            this.onStopAll = action;
        }
    }

    /**
     * An operator returned {@code STOP_ALL}, or the node called {@code Node.stopAll()}: asks the runtime to stop every
     * node. Never blocks for long.
     */
    public void requestStopAll() {
        if (parent != null) {
            parent.requestStopAll();
        } else {
            onStopAll.run();
        }
    }

    /**
     * Marks the context taken (the node started: {@code Node.fromEnv()}); false if it was taken already. A context
     * without inputs, and without derived contexts, is reading from now on (see the type documentation).
     */
    public boolean take() {
        if (!taken.compareAndSet(false, true)) {
            return false;
        }
        if (parent != null) {
            parent.take(); // the first operator that opens its events takes the node
        } else {
            onTaken.run();
        }
        if (inputs.isEmpty() && children.isEmpty()) {
            markReading();
        }
        return true;
    }

    /** True once a node took this context. */
    public boolean isTaken() {
        return taken.get();
    }

    /**
     * The node reads its event stream (or sends, or closes it, or has ended): it arrives at the start barrier, the
     * first time only. For a derived context, its parent arrives once every derived context has. Any thread;
     * idempotent, and cheap after the first call.
     */
    public void markReading() {
        if (reading.get() || !reading.compareAndSet(false, true)) {
            return;
        }
        if (parent != null) {
            if (parent.children.stream().allMatch(NodeContext::isReading)) {
                parent.markReading();
            }
            return;
        }
        barrier.arrive();
        onReading.run();
    }

    /** True once the node counts as reading at the start barrier (see {@link #markReading()}). */
    public boolean isReading() {
        return reading.get();
    }
}
