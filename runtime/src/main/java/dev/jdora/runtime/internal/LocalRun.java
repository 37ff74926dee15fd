package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.internal.BoundInput;
import dev.jdora.core.internal.CheckedOutputs;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.StartBarrier;
import dev.jdora.core.internal.WakeSignal;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.Subscriber;
import dev.jdora.core.internal.process.DynamicJoin;
import dev.jdora.core.internal.process.NodeConfig;
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
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.stats.RunStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a dataflow on this machine, with the daemon in this JVM: declares every channel before any node starts
 * (so nothing sent is missed), starts each node as a process of its own (cross-process transport) or as a thread of
 * this JVM (in-JVM transport), opens the start barrier once every node reads its events and then starts the timers
 * ({@link RunStart}), stops the dataflow when a node asks or the graph says it is done ({@link RunEnding}), applies the
 * grace ladder on stop, and releases everything — transport, allocators, run directory — when the last node has
 * ended. Thread-safe: any thread may stop, kill or await it.
 */
public final class LocalRun implements DataflowRun {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);
    private static final String TIMER_NODE = "dora";

    private final String runId;
    private final Dataflow dataflow;
    private final RunOptions options;
    private final Path runLogDir;
    private final BufferAllocator root = new RootAllocator();
    private final BufferAllocator transportAllocator = root.newChildAllocator("transport", 0, Long.MAX_VALUE);
    private final boolean processes;
    private final @Nullable RunDirectory runDirectory;
    private final Transport transport;
    private final RunStats stats;
    private final Timers timers = new Timers();
    private final Map<String, List<Timers.Timer>> timersByNode = new LinkedHashMap<>();
    private final RunEnding ending;
    private final List<String> stopOrder;
    private final DropReporter drops = new DropReporter(DropReporter.INTERVAL, System::nanoTime,
            line -> LOG.warn("{}", line));
    private final StartBarrier barrier;
    private final Map<String, NodeHandle> nodes = new LinkedHashMap<>();
    private final Map<String, ControlledNode> processNodes = new LinkedHashMap<>();
    private final Map<String, BufferAllocator> nodeAllocators = new LinkedHashMap<>();
    private final List<StdoutOutput> stdoutOutputs = new ArrayList<>();
    private final Map<String, NodeResult> results = new LinkedHashMap<>(); // in the order nodes ended
    private final CompletableFuture<RunResult> done = new CompletableFuture<>();
    private final ScheduledExecutorService lifecycle;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private @Nullable ControlServer control;
    private final NodeSecrets secrets = new NodeSecrets();
    private final Thread cleanupOnExit = new Thread(this::emergencyCleanup, "jdora-run-cleanup");
    /** The grace period of the stop in progress: the run's own, or the one {@code jdora stop} gave. */
    private volatile Duration grace;

    LocalRun(String runId, Dataflow dataflow, Map<String, NodeProgram> programs, RunOptions options,
             TransportProvider transportProvider, NodeClassSharing classSharing) {
        this(runId, dataflow, programs, options, transportProvider, classSharing, null);
    }

    /** A run whose start barrier also waits for {@code gate} (see {@link StartGate}), if one is given. */
    LocalRun(String runId, Dataflow dataflow, Map<String, NodeProgram> programs, RunOptions options,
             TransportProvider transportProvider, NodeClassSharing classSharing, @Nullable StartGate gate) {
        this.runId = runId;
        this.dataflow = dataflow;
        this.options = options;
        this.grace = options.grace();
        this.runLogDir = options.logDir().resolve(runId);
        this.processes = transportProvider.crossProcess();
        this.runDirectory = processes ? RunDirectory.create(runId) : null;
        try {
            this.transport = transportProvider.create(new TransportContext(transportAllocator,
                    Optional.ofNullable(runDirectory).map(RunDirectory::path), options.transportSettings()));
        } catch (RuntimeException e) {
            closeAllocator(transportAllocator, "the transport");
            closeAllocator(root, "the run");
            if (runDirectory != null) {
                runDirectory.close();
            }
            throw e;
        }
        this.barrier = new StartBarrier(dataflow.nodes().size() + (gate == null ? 0 : 1));
        if (gate != null) {
            barrier.whenOneRemains(() -> gate.nodesReady(barrier::arrive));
        }
        this.ending = new RunEnding(dataflow, new EndingActions());
        this.stopOrder = RunEnding.stopOrder(dataflow);
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jdora-lifecycle-" + runId);
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.lifecycle = pool;
        try {
            this.stats = new RunStats(runId, dataflow, runDirectory == null ? null : runDirectory.path());
            wire(programs, classSharing);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        if (processes) {
            Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        }
        ConsoleRouter.install();
    }

    private void wire(Map<String, NodeProgram> programs, NodeClassSharing classSharing) {
        declareChannels(programs);
        if (processes) {
            control = new ControlServer(runDirectory.path().resolve(RunRegistration.CONTROL_SOCKET), secrets,
                    new ControlListener(), new RunOps(dataflow, transport, new OpsView()));
            register();
        }
        ProcessLauncher launcher = new ProcessLauncher(dataflow, options.classpath(), classSharing);
        int index = 0;
        for (NodeSpec node : dataflow.nodes()) {
            NodeLog log = openLog(node.id(), index++);
            node.sendStdoutAs().ifPresent(output -> log.sendLinesTo(stdoutOutput(node.id(), output)));
            NodeHandle handle = runsAsProcess(node, programs)
                    ? processNode(node, programs.get(node.id()), log, launcher)
                    : threadNode(node, programs.get(node.id()), log);
            nodes.put(node.id(), handle);
        }
    }

    private boolean runsAsProcess(NodeSpec node, Map<String, NodeProgram> programs) {
        return processes && !(programs.get(node.id()) instanceof NodeProgram.Bean);
    }

    /** Makes this run known to {@code jdora list/stop/topic} (see {@link LocalOperations}). */
    private void register() {
        ProcessHandle self = ProcessHandle.current();
        RunAddress address = new RunAddress(runId, options.name().orElse(runId),
                dataflow.file().toAbsolutePath().normalize(), runLogDir.toAbsolutePath().normalize(),
                runDirectory.path(), control.socket(), self.pid(), self.info().startInstant().orElse(Instant.now()),
                options.grace());
        try {
            RunRegistration.write(address);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register run " + runId + " in " + runDirectory.path(), e);
        }
    }

    /** What {@code jdora list/stop} see of this run. */
    private final class OpsView implements RunOps.Run {
        @Override
        public String state() {
            return stopping.get() ? "stopping" : barrier.isOpen() ? "running" : "starting";
        }

        @Override
        public RunStatus.NodeStatus node(String nodeId) {
            NodeResult result;
            synchronized (results) {
                result = results.get(nodeId);
            }
            if (result == null) {
                return new RunStatus.NodeStatus(nodeId, RunStatus.NodeStatus.RUNNING, "");
            }
            return new RunStatus.NodeStatus(nodeId, result.failed() ? RunStatus.NodeStatus.FAILED
                    : RunStatus.NodeStatus.FINISHED, result.error().orElse(""));
        }

        @Override
        public void stop(Optional<Duration> grace) {
            if (!stopping.get()) {
                LOG.info("stopping the dataflow (jdora stop)");
            }
            LocalRun.this.stop(grace.orElse(options.grace()));
        }

        @Override
        public DynamicJoin.Grant join(String nodeId) throws DynamicJoin.Refused {
            return DynamicNode.join(dataflow, processNodes, options.name().orElse(runId), nodeId);
        }
    }

    /**
     * Declares every channel with the inputs that read it, before any node starts, and creates the writers of the
     * timers. Every timer input gets a timer of its own, so that one slow {@code backpressure} subscriber cannot hold
     * back the ticks of another node reading the same timer spec. The inputs of a node that runs as a process with a
     * restart policy are declared restartable: the transport keeps their place when they close, until the node is
     * restarted or gone.
     */
    private void declareChannels(Map<String, NodeProgram> programs) {
        Map<ChannelId, List<Subscriber>> plan = new LinkedHashMap<>();
        for (NodeSpec node : dataflow.nodes()) {
            for (String output : node.outputs()) {
                plan.put(new ChannelId(node.id(), output), new ArrayList<>());
            }
        }
        for (NodeSpec node : dataflow.nodes()) {
            for (InputSpec input : node.inputs()) {
                plan.computeIfAbsent(channelOf(node.id(), input), c -> new ArrayList<>())
                        .add(new Subscriber(node.id() + "/" + input.id(), options(input),
                                node.supervision().restarts() && runsAsProcess(node, programs)));
            }
        }
        plan.forEach(transport::declare);
        for (NodeSpec node : dataflow.nodes()) {
            for (InputSpec input : node.inputs()) {
                if (input.source() instanceof InputSource.Timer timer) {
                    timersByNode.computeIfAbsent(node.id(), id -> new ArrayList<>())
                            .add(timers.add(timer.period(), transport.createOutput(channelOf(node.id(), input))));
                }
            }
        }
    }

    /** The writer of a {@code send_stdout_as} output, owned by the node's log, which ends it. */
    private StdoutOutput stdoutOutput(String nodeId, String output) {
        StdoutOutput out = new StdoutOutput(nodeId, output,
                stats.record(nodeId, output, transport.createOutput(new ChannelId(nodeId, output))),
                root.newChildAllocator("stdout-" + nodeId, 0, Long.MAX_VALUE));
        stdoutOutputs.add(out);
        return out;
    }

    /** The outputs the node itself writes: all but its {@code send_stdout_as} output, which its log writes. */
    private static List<String> ownOutputs(NodeSpec node) {
        return node.outputs().stream().filter(o -> node.sendStdoutAs().map(s -> !s.equals(o)).orElse(true)).toList();
    }

    private static InputOptions options(InputSpec input) {
        return new InputOptions(input.queueSize(), input.queuePolicy());
    }

    private static ChannelId channelOf(String nodeId, InputSpec input) {
        if (input.source() instanceof InputSource.Timer timer) {
            return new ChannelId(TIMER_NODE, timer.text().substring(TIMER_NODE.length() + 1) + "@" + nodeId + "/"
                    + input.id());
        }
        InputSource.NodeOutput source = (InputSource.NodeOutput) input.source();
        return new ChannelId(source.nodeId(), source.outputId());
    }

    private static String sourceOf(InputSpec input) {
        return input.source() instanceof InputSource.NodeOutput out ? out.nodeId() : TIMER_NODE;
    }

    private NodeHandle threadNode(NodeSpec node, NodeProgram program, NodeLog log) {
        if (!node.supervision().equals(dev.jdora.core.dataflow.Supervision.NONE)) {
            LOG.warn("node '{}' runs as a thread of this JVM: its restart_policy and health keys do not apply",
                    node.id());
        }
        WakeSignal signal = new WakeSignal();
        List<BoundInput> inputs = new ArrayList<>();
        for (InputSpec input : node.inputs()) {
            InputReader reader = stats.record(node.id(), input.id(), transport.subscribe(channelOf(node.id(), input),
                    node.id() + "/" + input.id(), options(input), signal::wake));
            watchDrops(node, input, reader::droppedCount);
            inputs.add(new BoundInput(input.id(), sourceOf(input), input.source() instanceof InputSource.Timer,
                    reader, input.inputTimeout()));
        }
        Map<String, OutputWriter> outputs = new LinkedHashMap<>();
        for (String output : ownOutputs(node)) {
            OutputWriter writer = transport.createOutput(new ChannelId(node.id(), output));
            outputs.put(output, stats.record(node.id(), output, writer));
        }
        BufferAllocator allocator = root.newChildAllocator("node-" + node.id(), 0, Long.MAX_VALUE);
        nodeAllocators.put(node.id(), allocator);
        NodeContext context = new NodeContext(node.id(), inputs,
                CheckedOutputs.wrap(node.id(), outputs, node.outputTypes(), node.sendStdoutAs()), allocator, barrier,
                signal, node.args(), node.env());
        context.whenStopAll(() -> stopAllFor(node.id()));
        stats.startedInThisProcess(node.id());
        return new ThreadNode(context, program, log, this::nodeEnded);
    }

    private NodeHandle processNode(NodeSpec node, NodeProgram program, NodeLog log, ProcessLauncher launcher) {
        Path dir = runDirectory.path();
        List<NodeConfig.Input> inputs = new ArrayList<>();
        for (InputSpec input : node.inputs()) {
            ChannelId channel = channelOf(node.id(), input);
            watchDrops(node, input, () -> transport.droppedCount(channel, node.id() + "/" + input.id()));
            inputs.add(new NodeConfig.Input(input.id(), channelOf(node.id(), input), sourceOf(input),
                    input.source() instanceof InputSource.Timer, options(input), input.inputTimeout()));
        }
        Map<String, String> outputTypes = new LinkedHashMap<>();
        node.outputTypes().forEach((output, type) -> outputTypes.put(output, type.urn()));
        NodeConfig config = new NodeConfig(node.id(), dir, control.socket(), options.transport(),
                options.transportSettings(), node.args(), node.env(), inputs, ownOutputs(node), outputTypes,
                node.sendStdoutAs());
        Path configFile = dir.resolve("node-" + node.id() + ".properties");
        try {
            config.write(configFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of node '" + node.id() + "'", e);
        }
        NodeSupervision supervision = new NodeSupervision(node.id(), node.supervision(), lifecycle, secrets,
                this::restarted, System::nanoTime, () -> sourcesEnded(node));
        ControlledNode handle = program instanceof NodeProgram.Dynamic
                ? new DynamicNode(config, configFile, options.name().orElse(runId), log, transport, secrets,
                        supervision, this::nodeEnded)
                : new ProcessNode(config, launcher.command(node, program),
                        launcher.environment(node, configFile, secrets.issue(node.id())),
                        dataflow.file().toAbsolutePath().getParent(), log, transport, this::nodeEnded, supervision);
        processNodes.put(node.id(), handle);
        return handle;
    }

    /** True if {@code node} reads from other nodes and all of them have ended (its timers do not count). */
    private boolean sourcesEnded(NodeSpec node) {
        List<String> sources = node.inputs().stream().filter(i -> i.source() instanceof InputSource.NodeOutput)
                .map(LocalRun::sourceOf).toList();
        synchronized (results) {
            return !sources.isEmpty() && results.keySet().containsAll(sources);
        }
    }

    /** Node {@code nodeId} was restarted: every node that reads from it gets {@code NodeRestarted}. */
    private void restarted(String nodeId) {
        for (NodeSpec node : dataflow.nodes()) {
            if (node.inputs().stream().anyMatch(i -> i.source() instanceof InputSource.NodeOutput out
                    && out.nodeId().equals(nodeId))) {
                nodes.get(node.id()).upstreamRestarted(nodeId);
            }
        }
    }

    /** Drops are said while they happen, checked every second on the lifecycle thread. */
    private void scheduleDropReports() {
        try {
            lifecycle.scheduleWithFixedDelay(drops::tick, 1, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("run {} ended before its drops could be watched", runId);
        }
    }

    private void watchDrops(NodeSpec node, InputSpec input, LongSupplier dropped) {
        if (input.queuePolicy() == QueuePolicy.DROP_OLDEST) {
            drops.watch(node.id(), input.id(), input.queueSize(), dropped);
        }
    }

    /** Node processes connecting and subscribing over the control socket. */
    private final class ControlListener implements ControlServer.Listener {
        @Override
        public boolean connected(String nodeId, ControlServer.Connection connection) {
            ControlledNode node = processNodes.get(nodeId);
            return node != null && node.connected(connection);
        }

        @Override
        public void subscribed(String nodeId) {
            ControlledNode node = processNodes.get(nodeId);
            if (node != null) {
                node.markSubscribed();
            }
        }

        @Override
        public void reading(String nodeId) {
            ControlledNode node = processNodes.get(nodeId);
            if (node != null && node.markReading()) {
                barrier.arrive();
            }
        }

        @Override
        public void stopAll(String nodeId) {
            stopAllFor(nodeId);
        }

        @Override
        public void finished(String nodeId) {
            ControlledNode node = processNodes.get(nodeId);
            if (node != null) {
                node.markFinished();
            }
        }

        @Override
        public void closed(String nodeId) {
            ControlledNode node = processNodes.get(nodeId);
            if (node != null) {
                node.markClosed();
            }
        }

        @Override
        public void disconnected(String nodeId, ControlServer.Connection connection) {
            ControlledNode node = processNodes.get(nodeId);
            if (node != null) {
                node.disconnected(connection);
            }
        }
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
        nodes.values().forEach(NodeHandle::start);
        new RunStart(runId, runLogDir, barrier, List.copyOf(nodes.values()), done::isDone, this::startEvents,
                options.console()).begin();
    }

    private void startEvents() {
        try {
            processNodes.values().forEach(ControlledNode::startEvents);
            timers.start();
            scheduleDropReports();
        } catch (RuntimeException e) {
            LOG.error("the timers could not start; stopping the dataflow", e);
            stop();
        }
    }

    /** A node called {@code Node.stopAll()}, or an operator of it returned {@code STOP_ALL}. */
    private void stopAllFor(String nodeId) {
        if (!stopping.get()) {
            LOG.info("node '{}' asked to stop the dataflow", nodeId);
        }
        stop();
    }

    /** What {@link RunEnding} decides, carried out. */
    private final class EndingActions implements RunEnding.Actions {
        @Override
        public void stopAll(String reason) {
            if (!stopping.get()) {
                LOG.info("{}: stopping the dataflow", reason);
            }
            stop();
        }

        @Override
        public void endTimersOf(String nodeId) {
            if (stopping.get()) {
                return; // the node gets Stop(MANUAL): ending its timers too could make it Stop(ALL_INPUTS_CLOSED)
            }
            LOG.debug("every reader of node '{}' has ended: its timers end", nodeId);
            timersByNode.getOrDefault(nodeId, List.of()).forEach(Timers.Timer::end);
        }
    }

    @Override
    public String id() {
        return runId;
    }

    @Override
    public List<NodeResult> endedNodes() {
        synchronized (results) {
            return List.copyOf(results.values());
        }
    }

    @Override
    public void reload(String nodeId, Optional<String> operatorId) {
        NodeHandle node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("no node '" + nodeId + "' in this run");
        }
        LOG.info("reloading {}", operatorId.map(op -> "operator '" + nodeId + "/" + op + "'")
                .orElse("node '" + nodeId + "'"));
        node.reload(operatorId);
    }

    @Override
    public void stop() {
        stop(options.grace());
    }

    /** Stops the dataflow with grace period {@code gracePeriod} (the first stop decides). */
    public void stop(Duration gracePeriod) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        this.grace = gracePeriod;
        stopOrder.forEach(nodeId -> nodes.get(nodeId).stop());
        schedule(this::escalateLaggards, grace.toNanos());
        schedule(this::forceEndLaggards, grace.toNanos() + grace.toNanos() / 2);
    }

    private void schedule(Runnable step, long delayNanos) {
        try {
            lifecycle.schedule(step, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException finished) {
            // every node has ended already: nothing left to escalate
        }
    }

    /** True once node {@code nodeId} said its program returned normally ({@code FINISHED}); its process may be exiting. */
    public boolean hasFinished(String nodeId) {
        ControlledNode node = processNodes.get(nodeId);
        return node != null && node.hasFinished();
    }

    /** Second Ctrl-C: processes are killed now; threads are interrupted and given up on shortly after. */
    @Override
    public void kill() {
        stopping.set(true);
        nodes.values().forEach(NodeHandle::stop);
        for (NodeHandle node : nodes.values()) {
            if (node.isAlive() && node instanceof ControlledNode) {
                node.forceEnd("stopped at once (second Ctrl-C)");
            } else if (node.isAlive()) {
                node.escalate("stopped at once (second Ctrl-C); interrupted");
            }
        }
        schedule(this::forceEndLaggards, TimeUnit.MILLISECONDS.toNanos(500));
    }

    private void escalateLaggards() {
        for (NodeHandle node : nodes.values()) {
            if (node.isAlive()) {
                LOG.warn("node '{}' did not stop within the grace period of {}; {}", node.nodeId(), grace,
                        node instanceof ProcessNode ? "sending SIGTERM" : node instanceof DynamicNode
                                ? "closing its control connection" : "interrupting it");
                node.escalate("did not stop within the grace period of " + grace);
            }
        }
    }

    private void forceEndLaggards() {
        for (NodeHandle node : nodes.values()) {
            if (node.isAlive()) {
                node.forceEnd("did not stop within the grace period (" + grace + ") nor after "
                        + (node instanceof ProcessNode ? "SIGTERM" : "being interrupted"));
            }
        }
    }

    private void nodeEnded(NodeResult ended) {
        NodeResult result = stats.ended(ended);
        NodeHandle handle = nodes.get(result.nodeId());
        if (handle instanceof ControlledNode process && process.markReading()) {
            barrier.arrive(); // it will never read: do not hold the others at the barrier
        }
        boolean last;
        synchronized (results) {
            results.put(result.nodeId(), result);
            last = results.size() == nodes.size();
        }
        if (last) {
            finish();
        } else {
            ending.nodeEnded(result.nodeId());
        }
    }

    private void finish() {
        List<NodeResult> ordered = new ArrayList<>();
        for (NodeSpec node : dataflow.nodes()) {
            ordered.add(results.get(node.id()));
        }
        release();
        ConsoleRouter.uninstall();
        if (processes) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will run: harmless
            }
        }
        done.complete(new RunResult(runId, ordered, runLogDir));
    }

    /**
     * Stops the timers, closes the control socket, releases the transport and every allocator (reporting leaks) and
     * removes the run directory.
     */
    private void release() {
        timers.close();
        lifecycle.shutdownNow();
        if (control != null) {
            control.close();
        }
        stdoutOutputs.forEach(out -> out.end(Optional.empty())); // already ended by their logs, unless wiring failed
        transport.close();
        nodeAllocators.forEach((nodeId, allocator) -> closeAllocator(allocator, "node '" + nodeId + "'"));
        closeAllocator(transportAllocator, "the transport (inputs not closed, or data taken and not closed)");
        closeAllocator(root, "the run");
        if (runDirectory != null) {
            runDirectory.close();
        }
    }

    /** The JVM is exiting with node processes still running: kill them and remove the run directory. */
    private void emergencyCleanup() {
        for (ControlledNode node : processNodes.values()) {
            if (node.isAlive()) {
                node.forceEnd("jdora run is exiting");
            }
        }
        if (runDirectory != null) {
            runDirectory.close();
        }
    }

    private static void closeAllocator(BufferAllocator allocator, String owner) {
        long leaked = allocator.getAllocatedMemory();
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            LOG.warn("{} leaked {} bytes of Arrow memory", owner, leaked);
        }
    }

    /** Where this user's run directories go ({@code <base>/<run id>}): for tests and tools that look into runs. */
    public static Path runDirectoryBase() {
        return RunDirectory.base();
    }

    /** Bytes still allocated (0 after a clean end): a leak check for tests. */
    public long allocatedBytes() {
        return root.getAllocatedMemory();
    }

    @Override
    public RunStatistics statistics() {
        return stats.view();
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
