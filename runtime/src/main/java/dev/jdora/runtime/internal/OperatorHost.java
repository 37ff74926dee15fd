package dev.jdora.runtime.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Metadata;
import dev.jdora.core.Node;
import dev.jdora.core.Operator;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.StatefulOperator;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.OperatorSpec;
import dev.jdora.core.internal.BoundInput;
import dev.jdora.core.internal.InJvmTransport;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.NodeContexts;
import dev.jdora.core.internal.OperatorAdapter;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.OutputWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;

/**
 * Runs the operators of one runtime node. Each operator gets an event stream of its own (a context derived from the
 * node's: its inputs, with its own input ids, and its outputs, with its own output ids) and a thread of its own
 * ({@code jdora-op-<node>-<operator>}), so {@code onEvent} is never called concurrently for one operator and a slow
 * or blocked operator does not hold back its siblings' events.
 *
 * <ul>
 *   <li>An operator sees the event stream a node would see: {@code Input}/{@code InputClosed} of its inputs,
 *       {@code NodeFailed} of its sources, {@code Stop} last ({@code Stop(ALL_INPUTS_CLOSED)} once its non-timer
 *       inputs have all closed), {@code Reload()} and {@code Reload(its id)} (not other operators' reloads).</li>
 *   <li>{@code STOP} finishes the operator: it gets no more events and its outputs end (downstream
 *       {@code InputClosed}). {@code STOP_ALL} asks the runtime to stop the dataflow; the operator keeps running
 *       until its {@code Stop(MANUAL)}, like every other node.</li>
 *   <li>Edges between operators of this node go through an in-JVM transport inside the host (one copy, no
 *       serialization, whatever the transport between processes), with the reader's {@code queue_size} and
 *       {@code queue_policy}.</li>
 *   <li>An operator that throws fails its outputs (downstream {@code NodeFailed} then {@code InputClosed}); its
 *       siblings go on, and the node is reported failed when it ends.</li>
 * </ul>
 * The node ends when every operator has finished.
 *
 * <p>Operators that are not {@link Operator}s are run by the {@link OperatorAdapter} that accepts their class (found
 * with {@link java.util.ServiceLoader}: the reactor adapter hosts {@code Function<Flux<Event>, Publisher<Output>>}).
 * {@code Reload(id)} makes a plain operator reload its class (see {@link #reload}); the {@code Reload} event is then
 * handed to the new instance.
 */
final class OperatorHost {

    private final NodeSpec node;
    private final OperatorFactory factory;

    OperatorHost(NodeSpec node, OperatorFactory factory) {
        this.node = node;
        this.factory = factory;
    }

    /** Creates operator instances: {@link Operator}s, or objects an {@link OperatorAdapter} runs. */
    interface OperatorFactory {
        Object create(OperatorSpec spec) throws Exception;

        /** A new instance of the operator's class, loaded afresh (hot reload). */
        default Object reload(OperatorSpec spec) throws Exception {
            throw new UnsupportedOperationException("hot reload is not available for this node");
        }
    }

    void run(NodeContext context) throws Exception {
        AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
        try (InJvmTransport internal = new InJvmTransport(context.allocator())) {
            List<Thread> threads = new ArrayList<>();
            for (Map.Entry<OperatorSpec, NodeContext> entry : wire(context, internal).entrySet()) {
                OperatorSpec spec = entry.getKey();
                Thread thread = new Thread(() -> runOperator(spec, entry.getValue(), context, failure),
                        "jdora-op-" + node.id() + "-" + spec.id());
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            try {
                for (Thread thread : threads) {
                    thread.join();
                }
            } catch (InterruptedException e) {
                threads.forEach(Thread::interrupt); // the runtime gave up waiting for Stop: pass it on
                for (Thread thread : threads) {
                    thread.join(1000);
                }
                throw e;
            }
        }
        Exception first = failure.get();
        if (first != null) {
            throw first;
        }
    }

    private void runOperator(OperatorSpec spec, NodeContext context, NodeContext nodeContext,
                             AtomicReference<@Nullable Exception> failure) {
        String name = "node '" + node.id() + "': operator '" + spec.id() + "'";
        try (Node events = NodeContexts.open(context)) {
            Object instance;
            try {
                instance = factory.create(spec);
            } catch (Exception e) {
                throw new OperatorFailedException(name + ": cannot create " + spec.className().orElse("?") + ": "
                        + e, e);
            }
            if (instance instanceof Operator operator) {
                runOperator(spec, name, operator, events, nodeContext);
            } else {
                OperatorAdapter adapter = OperatorClasses.adapter(instance.getClass()).orElseThrow();
                try {
                    adapter.run(instance, spec.id(), events);
                } catch (Exception e) {
                    throw new OperatorFailedException(name + " failed: " + e, e);
                }
            }
            context.outputs().values().forEach(OutputWriter::close);
        } catch (Exception e) {
            context.outputs().values().forEach(w -> w.fail(e.getMessage()));
            failure.compareAndSet(null, e);
            System.err.println("jdora: " + e.getMessage());
            e.printStackTrace();
        }
    }

    private void runOperator(OperatorSpec spec, String name, Operator first, Node events, NodeContext nodeContext)
            throws OperatorFailedException {
        Operator operator = first;
        for (Event event : events) {
            if (event instanceof Event.Reload reload && reload.operatorId().isPresent()) {
                if (!reload.operatorId().get().equals(spec.id())) {
                    continue; // another operator's reload
                }
                operator = reload(spec, name, operator); // between two events: nothing is lost
            }
            OperatorStatus status;
            try {
                status = operator.onEvent(event, events);
            } catch (Exception e) {
                throw new OperatorFailedException(name + " failed: " + e, e);
            }
            if (status == OperatorStatus.STOP) {
                break;
            } else if (status == OperatorStatus.STOP_ALL) {
                nodeContext.requestStopAll();
            }
        }
    }

    /**
     * Hot reload: a new instance of the operator's class from a fresh class loader, with the old one's state if both
     * are {@link StatefulOperator}s; on any failure the old operator goes on and the error is reported.
     */
    private Operator reload(OperatorSpec spec, String name, Operator old) {
        try {
            Object fresh = factory.reload(spec);
            if (!(fresh instanceof Operator operator)) {
                throw new IllegalStateException("the new " + fresh.getClass().getName()
                        + " is not a dev.jdora.core.Operator");
            }
            if (old instanceof StatefulOperator from && operator instanceof StatefulOperator to) {
                to.restoreState(from.saveState());
            }
            System.err.println("jdora: " + name + ": reloaded " + spec.className().orElse("?"));
            return operator;
        } catch (Exception | LinkageError e) {
            System.err.println("jdora: " + name + ": reload failed, the running operator goes on: " + e);
            return old;
        }
    }

    /** One context per operator: its inputs from other nodes and from its siblings (in memory), its outputs. */
    private Map<OperatorSpec, NodeContext> wire(NodeContext context, InJvmTransport internal) {
        Map<String, NodeSpec> self = Map.of(node.id(), node);
        Map<String, BoundInput> external = new LinkedHashMap<>();
        context.inputs().forEach(i -> external.put(i.inputId(), i));
        Set<String> internalSources = new HashSet<>();
        Map<OperatorSpec, List<BoundInput>> inputs = new LinkedHashMap<>();
        for (OperatorSpec op : node.operators()) {
            List<BoundInput> bound = new ArrayList<>();
            for (InputSpec input : OperatorNodes.canonical(op.inputs(), self)) {
                if (OperatorNodes.isInternal(node, input)) {
                    String channel = ((InputSource.NodeOutput) input.source()).outputId();
                    internalSources.add(channel);
                    var reader = internal.subscribe(new ChannelId(node.id(), channel),
                            node.id() + "/" + op.id() + "/" + input.id(),
                            new InputOptions(input.queueSize(), input.queuePolicy()), context.signal()::wake);
                    bound.add(new BoundInput(input.id(), node.id(), false, reader, input.inputTimeout()));
                } else {
                    BoundInput outer = external.get(op.id() + "/" + input.id());
                    bound.add(new BoundInput(input.id(), outer.sourceNodeId(), outer.timer(), outer.reader(),
                            outer.timeout()));
                }
            }
            inputs.put(op, bound);
        }
        Map<OperatorSpec, NodeContext> contexts = new LinkedHashMap<>();
        for (OperatorSpec op : node.operators()) {
            Map<String, OutputWriter> outputs = new LinkedHashMap<>();
            for (String out : op.outputs()) {
                String name = op.id() + "/" + out;
                outputs.put(out, new Tee(context.outputs().get(name), internalSources.contains(name)
                        ? internal.createOutput(new ChannelId(node.id(), name)) : null));
            }
            contexts.put(op, context.derive(inputs.get(op), outputs));
        }
        return contexts;
    }

    /** An operator threw, or could not be created. */
    static final class OperatorFailedException extends Exception {
        OperatorFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes to the node's output and, when operators of this node read it, to the in-memory channel. */
    private record Tee(OutputWriter external, @Nullable OutputWriter internal) implements OutputWriter {
        @Override
        public void send(ValueVector data, Metadata metadata) throws InterruptedException {
            external.send(data, metadata);
            if (internal != null) {
                internal.send(data, metadata);
            }
        }

        @Override
        public void close() {
            external.close();
            if (internal != null) {
                internal.close();
            }
        }

        @Override
        public void fail(String error) {
            external.fail(error);
            if (internal != null) {
                internal.fail(error);
            }
        }
    }
}
