package dev.jdora.testkit;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.Operator;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Drives one node without a dataflow: the test scripts its input events and captures what it sends.
 *
 * <pre>{@code
 * try (var harness = NodeTestHarness.forNode("upper").input("text").output("out").build()) {
 *     harness.start(node -> {
 *         for (Event e : node) {
 *             if (e instanceof Event.Input in) node.sendString("out", Data.string(in.data()).toUpperCase());
 *         }
 *     });
 *     harness.sendString("text", "hello");
 *     StepVerifier.create(harness.outputs("out"))
 *             .assertNext(c -> assertThat(c.string()).isEqualTo("HELLO"))
 *             .thenCancel()
 *             .verify(Duration.ofSeconds(5));
 * }                                            // stops the node, then fails on leaked Arrow memory or threads
 * }</pre>
 *
 * <p><b>Wiring.</b> An in-JVM transport over a root allocator the harness owns; each declared input is fed by a
 * harness-owned writer (channel {@code harness/<inputId>}), each declared output is captured by a harness reader
 * (channel {@code <nodeId>/<outputId>}); the start barrier is open. When the node's code returns or throws, its
 * outputs end (normally or as failed), as in the runtime.
 *
 * <p><b>Threads.</b> The code under test runs on a thread named {@code jdora-test-<nodeId>} with the node bound, so
 * {@link Node#fromEnv()} works there; each subscription to {@link #outputs} polls on its own thread
 * {@code jdora-test-<nodeId>-capture-<outputId>}. Scripting and capture methods may be called from any thread.
 * {@code send} blocks only while a {@code BACKPRESSURE} input is full; {@code await*} block up to their timeout.
 *
 * <p><b>Ownership.</b> {@code send} copies: the caller keeps (and closes) the vector it passes. {@link Captured} data
 * belongs to the harness and is released by {@link #close()}. The harness owns every allocator, writer, reader and
 * thread it creates; {@code close()} releases them all and then checks that no Arrow memory and no harness thread is
 * left.
 */
public final class NodeTestHarness implements AutoCloseable {

    private final long sharedBytesAtStart;

    private final String nodeId;
    private final Duration stopGrace;
    private final HarnessWiring wiring;
    private final HarnessThreads threads;
    private final NodeRunner runner;
    private final List<CapturePump> pumps = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable OperatorHost operatorHost;
    private volatile boolean nodeStoppedAll;

    private NodeTestHarness(Builder builder) {
        this.sharedBytesAtStart = Data.allocator().getAllocatedMemory();
        this.nodeId = builder.nodeId;
        this.stopGrace = builder.stopGrace;
        this.wiring = new HarnessWiring(nodeId, new ArrayList<>(builder.inputs.values()), builder.outputs);
        this.threads = new HarnessThreads("jdora-test-" + nodeId);
        this.runner = new NodeRunner(wiring, threads);
        wiring.context().whenStopAll(() -> {
            nodeStoppedAll = true;
            runner.stop();
        });
    }

    /** Starts declaring the harness of node {@code nodeId}. */
    public static Builder forNode(String nodeId) {
        return new Builder(nodeId);
    }

    // ---- running the code under test (one of these, once) ----

    /** Runs {@code main} on the node thread with an opened node, and closes the node when {@code run} returns. */
    public void start(NodeMain main) {
        runner.start(main);
    }

    /**
     * Runs {@code mainClass.main(args)} on the node thread; it obtains its node with {@link Node#fromEnv()} and must
     * close it (as with {@code jdora run}).
     *
     * @throws IllegalArgumentException if there is no {@code public static void main(String[])}
     */
    public void startMain(Class<?> mainClass, String... args) {
        runner.startMain(mainClass, args);
    }

    /**
     * Hosts {@code operator} on the node thread: feeds it each event until it returns {@code STOP} or the stream ends.
     * {@code STOP_ALL} is recorded ({@link #stopAllRequested()}) and, as in a dataflow, delivers {@code Stop(MANUAL)}
     * to this node, so the operator's last event is that {@code Stop}.
     */
    public void operator(Operator operator) {
        OperatorHost host = new OperatorHost(operator, runner::stop);
        operatorHost = host;
        runner.host(host);
    }

    /**
     * The node, for a test that drives it itself (on a thread of its choosing, e.g. through the Reactor adapter).
     * Closing it ends its outputs, which completes {@link #outputs}; {@link #close()} closes it if the test did not.
     */
    public Node node() {
        return runner.openForTest();
    }

    // ---- scripting the inputs ----

    /** Sends a copy of {@code data} on {@code inputId}; the caller keeps ownership of {@code data}. */
    public void send(String inputId, ValueVector data) {
        send(inputId, data, Map.of());
    }

    /** Sends a copy of {@code data} with user parameters (see {@link dev.jdora.core.Metadata} for their types). */
    public void send(String inputId, ValueVector data, Map<String, Object> parameters) {
        wiring.send(inputId, data, parameters);
    }

    /**
     * Sends every message a recording holds of {@code output} ({@code node/output}, as {@code jdora record} wrote
     * it) on the input of the same id as the output, in the recorded order and with the recorded parameters, as fast
     * as the input accepts; see {@link #replay(java.nio.file.Path, String, String)}.
     *
     * <pre>{@code
     * h.replay(Path.of("recordings/camera-run"), "camera/image");     // feeds input "image"
     * }</pre>
     *
     * @return how many messages were sent
     * @throws IllegalArgumentException if the directory is not a recording, the output was not recorded, or a file
     *         cannot be read (the message says which)
     */
    public long replay(java.nio.file.Path recording, String output) {
        return replay(recording, output, output.substring(output.lastIndexOf('/') + 1));
    }

    /**
     * Sends every message a recording holds of {@code output} on {@code inputId}, in the recorded order, with the
     * recorded parameters (the timestamps are the harness's own). Blocks like {@link #send} when the input is
     * {@code backpressure} and full; on the calling thread.
     *
     * @return how many messages were sent
     */
    public long replay(java.nio.file.Path recording, String output, String inputId) {
        return RecordingFeed.replay(recording, output, wiring.scriptAllocator(),
                (data, parameters) -> send(inputId, data, parameters));
    }

    /** Sends a one-element UTF-8 string array. */
    public void sendString(String inputId, String text) {
        try (var vector = Data.utf8(wiring.scriptAllocator(), text)) {
            send(inputId, vector);
        }
    }

    /** Sends an {@code int64} array. */
    public void sendLongs(String inputId, long... values) {
        try (var vector = Data.longs(wiring.scriptAllocator(), values)) {
            send(inputId, vector);
        }
    }

    /** Sends a {@code uint8} array. */
    public void sendBytes(String inputId, byte[] bytes) {
        try (var vector = Data.bytes(wiring.scriptAllocator(), bytes)) {
            send(inputId, vector);
        }
    }

    /**
     * Sends one timer tick on {@code inputId}: an Arrow null array of length 0 (type {@code null}, no buffers), the
     * empty payload a dora timer carries. Timer nodes should look at the input id, not the data.
     */
    public void tick(String inputId) {
        try (var empty = new NullVector("timer", 0)) {
            send(inputId, empty);
        }
    }

    /**
     * A ticker for a timer input: each element of {@code Flux.interval(period)} is sent as a {@link #tick}. On
     * {@link Schedulers#parallel()}, looked up on subscribe, which {@code StepVerifier.withVirtualTime} replaces with
     * virtual time, so a test advances time instead of waiting. Cold: ticking starts on subscribe and stops on
     * cancel. Declare the input with {@link Builder#timer} (drop-oldest) so that a tick never blocks the scheduler
     * thread.
     */
    public Flux<Long> ticks(String inputId, Duration period) {
        return Flux.defer(() -> ticks(inputId, period, Schedulers.parallel()));
    }

    /** As {@link #ticks(String, Duration)}, on {@code scheduler} (e.g. a {@code VirtualTimeScheduler}). */
    public Flux<Long> ticks(String inputId, Duration period, Scheduler scheduler) {
        return Flux.interval(period, scheduler).doOnNext(n -> tick(inputId));
    }

    /** Ends input {@code inputId} normally: the node sees {@code InputClosed} after what was sent. */
    public void closeInput(String inputId) {
        wiring.closeInput(inputId);
    }

    /**
     * Ends input {@code inputId} as if its source node failed: the node sees {@code NodeFailed} (source
     * {@code harness-<inputId>} unless declared otherwise) and then {@code InputClosed}.
     */
    public void failInput(String inputId, String error) {
        wiring.failInput(inputId, error);
    }

    /**
     * Delivers {@code NodeRestarted(sourceNodeId)}, as the runtime does when that upstream node is restarted by its
     * {@code restart_policy}; the node's inputs stay open (send more data to play the restarted source).
     */
    public void restartSource(String sourceNodeId) {
        wiring.context().deliver(new Event.NodeRestarted(sourceNodeId));
    }

    /** Delivers {@code Stop(MANUAL)} ahead of queued inputs, as {@code jdora stop} does. */
    public void stop() {
        runner.stop();
    }

    /** Delivers {@code Reload} for the node itself. */
    public void reload() {
        wiring.context().deliver(new Event.Reload(Optional.empty()));
    }

    /** Delivers {@code Reload} for one operator. */
    public void reload(String operatorId) {
        wiring.context().deliver(new Event.Reload(Optional.of(operatorId)));
    }

    // ---- capturing the outputs ----

    /**
     * What the node sends on {@code outputId}. The {@code Flux} reads only as far as requested, completes when the
     * node's code ends normally, and fails with {@link IllegalStateException} when it throws (or with a
     * {@link java.util.concurrent.CancellationException} if the harness closes first). Several subscribers share
     * the messages, each message going to one of them; messages read by one are not seen again.
     */
    public Flux<Captured> outputs(String outputId) {
        return CapturePump.flux(wiring.capture(outputId), threads, pumps::add);
    }

    /**
     * The next {@code count} messages on {@code outputId}, waiting up to {@code timeout}.
     *
     * @throws AssertionError if fewer arrive in time, saying how many did and whether the output ended
     */
    public List<Captured> awaitOutputs(String outputId, int count, Duration timeout) {
        return wiring.capture(outputId).await(count, timeout);
    }

    /** Joins the node thread up to {@code timeout}: {@code Completed}, {@code Failed}, or {@code Running}. */
    public NodeOutcome awaitTermination(Duration timeout) {
        return runner.await(timeout);
    }

    /** {@code STOP} or {@code STOP_ALL} if the hosted operator returned one; empty otherwise. */
    public Optional<OperatorStatus> operatorStatus() {
        OperatorHost host = operatorHost;
        return host == null ? Optional.empty() : host.finalStatus();
    }

    /**
     * True if the node called {@code Node.stopAll()} (which, as in a dataflow, delivers {@code Stop(MANUAL)} to it) or
     * the hosted operator returned {@code STOP_ALL}.
     */
    public boolean stopAllRequested() {
        OperatorHost host = operatorHost;
        return nodeStoppedAll || host != null && host.stopAllRequested();
    }

    /**
     * Stops the node if it still runs ({@code Stop(MANUAL)}, then an interrupt after the stop grace), releases every
     * resource and captured message, then checks for leaks. Idempotent; call it from the test thread.
     *
     * @throws AssertionError if Arrow memory is still allocated (naming the bytes, with the allocator tree) or a
     *                        harness thread survived
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        pumps.forEach(CapturePump::closeHarness);
        wiring.closeCaptures();
        if (!runner.stopAndJoin(stopGrace)) {
            problems.add("node '" + nodeId + "' ignored Stop and an interrupt for 2 x " + stopGrace);
        }
        runner.closeTestNode();
        wiring.close();
        List<Thread> survivors = threads.joinAll(Joins.deadline(stopGrace.toNanos()));
        if (!survivors.isEmpty()) {
            problems.add("harness threads survived close(): "
                    + survivors.stream().map(Thread::getName).collect(Collectors.joining(", ")));
        }
        String leak = wiring.leakReport();
        if (leak != null) {
            problems.add(leak);
        }
        long sharedLeak = Data.allocator().getAllocatedMemory() - sharedBytesAtStart;
        if (sharedLeak > 0) {
            problems.add(sharedLeak + " bytes leaked from Data.allocator() (a vector built with a Data factory was "
                    + "never closed)");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    /**
     * Declares the node's inputs and outputs. Not thread-safe; {@link #build()} validates and wires everything.
     */
    public static final class Builder {

        private static final int DEFAULT_QUEUE_SIZE = 10;
        private static final int DEFAULT_CAPTURE_QUEUE_SIZE = 1024;

        private final String nodeId;
        private final Map<String, InputDecl> inputs = new LinkedHashMap<>();
        private final Map<String, InputOptions> outputs = new LinkedHashMap<>();
        private Duration stopGrace = Duration.ofSeconds(1);

        private Builder(String nodeId) {
            if (nodeId.isBlank() || nodeId.equals(HarnessWiring.HARNESS_NODE)) {
                throw new IllegalArgumentException("node id must be non-blank and not '" + HarnessWiring.HARNESS_NODE
                        + "' (the harness's own channels use that name), was '" + nodeId + "'");
            }
            this.nodeId = nodeId;
        }

        /** An input with the defaults of a dataflow: {@code queue_size: 10}, {@code drop_oldest}. */
        public Builder input(String inputId) {
            return input(inputId, DEFAULT_QUEUE_SIZE, QueuePolicy.DROP_OLDEST);
        }

        /** An input with its queue size and policy; its source node is {@code harness-<inputId>}. */
        public Builder input(String inputId, int queueSize, QueuePolicy policy) {
            return add(InputDecl.of(inputId, queueSize, policy));
        }

        /**
         * An input fed by {@code sourceNodeId}, the name {@code NodeFailed} reports; inputs sharing a source are
         * reported together, as in a dataflow.
         */
        public Builder input(String inputId, String sourceNodeId, int queueSize, QueuePolicy policy) {
            return add(new InputDecl(inputId, sourceNodeId, false, new InputOptions(queueSize, policy)));
        }

        /**
         * A timer input (source {@code dora}, {@code drop_oldest}, queue 10), fed by {@code tick} or {@code ticks}.
         */
        public Builder timer(String inputId) {
            return add(new InputDecl(inputId, "dora", true, new InputOptions(DEFAULT_QUEUE_SIZE,
                    QueuePolicy.DROP_OLDEST)));
        }

        private Builder add(InputDecl input) {
            if (inputs.putIfAbsent(input.inputId(), input) != null) {
                throw new IllegalArgumentException("node '" + nodeId + "': input '" + input.inputId()
                        + "' declared twice");
            }
            return this;
        }

        /** An output, captured losslessly: the node's {@code send} waits once 1024 messages are unread. */
        public Builder output(String outputId) {
            return output(outputId, DEFAULT_CAPTURE_QUEUE_SIZE, QueuePolicy.BACKPRESSURE);
        }

        /** An output whose capture queue has this size and policy (e.g. to test a node against a slow consumer). */
        public Builder output(String outputId, int captureQueueSize, QueuePolicy policy) {
            if (outputs.putIfAbsent(outputId, new InputOptions(captureQueueSize, policy)) != null) {
                throw new IllegalArgumentException("node '" + nodeId + "': output '" + outputId + "' declared twice");
            }
            return this;
        }

        /** How long {@code close()} waits after {@code Stop}, and again after an interrupt. Default 1 s. */
        public Builder stopGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("stopGrace must not be negative, was " + grace);
            }
            this.stopGrace = grace;
            return this;
        }

        /** Wires the harness; nothing runs until one of the {@code start}/{@code operator}/{@code node} methods. */
        public NodeTestHarness build() {
            return new NodeTestHarness(this);
        }
    }
}
