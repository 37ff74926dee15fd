package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.internal.BoundInput;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.StartBarrier;
import dev.jdora.core.internal.WakeSignal;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import dev.jdora.core.transport.TransportProvider;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a dataflow in this JVM: wires every channel before any node starts (so nothing sent is missed), starts
 * one thread per node, starts the timers when the start barrier opens, applies the grace ladder on stop, and releases
 * everything when the last node has ended.
 */
public final class LocalRun implements DataflowRun {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);
    private static final String TIMER_NODE = "dora";
    private static final Duration BARRIER_WARNING = Duration.ofSeconds(5);

    private final String runId;
    private final Dataflow dataflow;
    private final RunOptions options;
    private final Path runLogDir;
    private final BufferAllocator root = new RootAllocator();
    private final BufferAllocator transportAllocator = root.newChildAllocator("transport", 0, Long.MAX_VALUE);
    private final Transport transport;
    private final Timers timers = new Timers();
    private final StartBarrier barrier;
    private final Map<String, NodeRunner> runners = new LinkedHashMap<>();
    private final Map<String, BufferAllocator> nodeAllocators = new LinkedHashMap<>();
    private final Map<String, NodeResult> results = new LinkedHashMap<>();
    private final CompletableFuture<RunResult> done = new CompletableFuture<>();
    private final ScheduledExecutorService lifecycle;
    private final AtomicBoolean stopping = new AtomicBoolean();

    LocalRun(String runId, Dataflow dataflow, Map<String, NodeProgram> programs, RunOptions options,
             TransportProvider transportProvider) {
        this.runId = runId;
        this.dataflow = dataflow;
        this.options = options;
        this.runLogDir = options.logDir().resolve(runId);
        this.transport = transportProvider.create(TransportContext.of(transportAllocator));
        this.barrier = new StartBarrier(dataflow.nodes().size());
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jdora-lifecycle-" + runId);
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.lifecycle = pool;
        try {
            wire(programs);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        ConsoleRouter.install();
    }

    private void wire(Map<String, NodeProgram> programs) {
        Map<String, OutputWriter> writers = new LinkedHashMap<>();
        for (NodeSpec node : dataflow.nodes()) {
            for (String output : node.outputs()) {
                ChannelId id = new ChannelId(node.id(), output);
                writers.put(id.toString(), transport.createOutput(id));
            }
        }
        int index = 0;
        for (NodeSpec node : dataflow.nodes()) {
            WakeSignal signal = new WakeSignal();
            List<BoundInput> inputs = new ArrayList<>();
            for (InputSpec input : node.inputs()) {
                inputs.add(bind(node.id(), input, signal));
            }
            Map<String, OutputWriter> outputs = new LinkedHashMap<>();
            for (String output : node.outputs()) {
                outputs.put(output, writers.get(node.id() + "/" + output));
            }
            BufferAllocator allocator = root.newChildAllocator("node-" + node.id(), 0, Long.MAX_VALUE);
            nodeAllocators.put(node.id(), allocator);
            NodeContext context = new NodeContext(node.id(), inputs, outputs, allocator, barrier, signal,
                    node.args(), node.env());
            runners.put(node.id(), new NodeRunner(context, programs.get(node.id()), openLog(node.id(), index++),
                    this::nodeEnded));
        }
    }

    private BoundInput bind(String nodeId, InputSpec input, WakeSignal signal) {
        InputOptions queue = new InputOptions(input.queueSize(), input.queuePolicy());
        if (input.source() instanceof InputSource.Timer timer) {
            ChannelId channel = timerChannel(timer, nodeId, input.id());
            timers.add(timer.period(), transport.createOutput(channel));
            InputReader reader = transport.subscribe(channel, queue, signal::wake);
            return new BoundInput(input.id(), TIMER_NODE, true, reader, Optional.empty());
        }
        InputSource.NodeOutput source = (InputSource.NodeOutput) input.source();
        InputReader reader = transport.subscribe(new ChannelId(source.nodeId(), source.outputId()), queue,
                signal::wake);
        return new BoundInput(input.id(), source.nodeId(), false, reader, input.inputTimeout());
    }

    /**
     * Every timer input gets a timer of its own, so that one slow {@code backpressure} subscriber cannot hold back the
     * ticks of another node reading the same timer spec.
     */
    private static ChannelId timerChannel(InputSource.Timer timer, String nodeId, String inputId) {
        return new ChannelId(TIMER_NODE, timer.text().substring(TIMER_NODE.length() + 1) + "@" + nodeId + "/"
                + inputId);
    }

    private NodeLog openLog(String nodeId, int index) {
        try {
            boolean colour = options.console() && System.console() != null;
            return new NodeLog(nodeId, index, runLogDir.resolve(nodeId + ".log"),
                    options.console() ? ConsoleRouter.console() : null, colour);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log of node '" + nodeId + "' in " + runLogDir, e);
        }
    }

    /** Starts every node, and the timers once the barrier opens. */
    void start() {
        runners.values().forEach(NodeRunner::start);
        Thread starter = new Thread(this::startTimersWhenReady, "jdora-barrier-" + runId);
        starter.setDaemon(true);
        starter.start();
    }

    private void startTimersWhenReady() {
        long warnAt = System.nanoTime() + BARRIER_WARNING.toNanos();
        try {
            while (!barrier.await(TimeUnit.MILLISECONDS.toNanos(100))) {
                if (done.isDone()) {
                    return;
                }
                if (System.nanoTime() - warnAt > 0) {
                    LOG.warn("waiting for nodes to subscribe before starting (Node.fromEnv() not called yet): {}",
                            runners.values().stream().filter(NodeRunner::isNotSubscribed).map(NodeRunner::nodeId)
                                    .toList());
                    warnAt = Long.MAX_VALUE;
                }
            }
            timers.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the timers could not start; stopping the dataflow", e);
            stop();
        }
    }

    @Override
    public String id() {
        return runId;
    }

    @Override
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        runners.values().forEach(NodeRunner::stop);
        Duration grace = options.grace();
        schedule(this::interruptLaggards, grace.toNanos());
        schedule(this::abandonLaggards, grace.toNanos() + grace.toNanos() / 2);
    }

    private void schedule(Runnable step, long delayNanos) {
        try {
            lifecycle.schedule(step, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException finished) {
            // every node has ended already: nothing left to escalate
        }
    }

    @Override
    public void kill() {
        stopping.set(true);
        runners.values().forEach(NodeRunner::stop);
        for (NodeRunner runner : runners.values()) {
            if (runner.isAlive()) {
                runner.interrupt("stopped at once (second Ctrl-C); interrupted");
            }
        }
        schedule(this::abandonLaggards, TimeUnit.MILLISECONDS.toNanos(500));
    }

    private void interruptLaggards() {
        for (NodeRunner runner : runners.values()) {
            if (runner.isAlive()) {
                LOG.warn("node '{}' did not stop within the grace period of {}; interrupting it", runner.nodeId(),
                        options.grace());
                runner.interrupt("did not stop within the grace period of " + options.grace() + "; interrupted");
            }
        }
    }

    private void abandonLaggards() {
        for (NodeRunner runner : runners.values()) {
            if (runner.isAlive()) {
                runner.abandon("did not stop within the grace period (" + options.grace()
                        + ") nor after being interrupted");
            }
        }
    }

    private void nodeEnded(NodeResult result) {
        boolean last;
        synchronized (results) {
            results.put(result.nodeId(), result);
            last = results.size() == runners.size();
        }
        if (last) {
            finish();
        }
    }

    private void finish() {
        List<NodeResult> ordered = new ArrayList<>();
        for (NodeSpec node : dataflow.nodes()) {
            ordered.add(results.get(node.id()));
        }
        release();
        ConsoleRouter.uninstall();
        done.complete(new RunResult(runId, ordered, runLogDir));
    }

    /** Stops the timers and releases the transport and every allocator, reporting leaks. */
    private void release() {
        timers.close();
        lifecycle.shutdownNow();
        transport.close();
        nodeAllocators.forEach((nodeId, allocator) -> closeAllocator(allocator, "node '" + nodeId + "'"));
        closeAllocator(transportAllocator, "the transport (inputs not closed, or data taken and not closed)");
        closeAllocator(root, "the run");
    }

    private static void closeAllocator(BufferAllocator allocator, String owner) {
        long leaked = allocator.getAllocatedMemory();
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            LOG.warn("{} leaked {} bytes of Arrow memory", owner, leaked);
        }
    }

    /** Bytes still allocated (0 after a clean end): a leak check for tests. */
    public long allocatedBytes() {
        return root.getAllocatedMemory();
    }

    @Override
    public RunResult await() throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("run " + runId + " failed", e.getCause());
        }
    }

    @Override
    public Optional<RunResult> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(done.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("run " + runId + " failed", e.getCause());
        }
    }
}
