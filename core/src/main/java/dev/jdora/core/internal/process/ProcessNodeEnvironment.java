package dev.jdora.core.internal.process;

import dev.jdora.core.dataflow.PortType;
import dev.jdora.core.internal.BoundInput;
import dev.jdora.core.internal.CheckedOutputs;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.StartBarrier;
import dev.jdora.core.internal.WakeSignal;
import dev.jdora.core.internal.stats.NodeStats;
import dev.jdora.core.internal.stats.RecordingReader;
import dev.jdora.core.internal.stats.RecordingWriter;
import dev.jdora.core.internal.stats.StatsLayout;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.ConsumerWait;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import dev.jdora.core.transport.TransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link NodeContext} of this process when it was started by the daemon as a node process: reads the
 * configuration named by {@value NodeConfig#ENV}, attaches to the run's transport, opens the outputs and subscribes
 * the inputs, and connects the control channel. Once per process; thread-safe.
 *
 * <p>The start barrier of a node process has two parties: the node reading its events (see
 * {@link NodeContext#markReading()}, which also tells the daemon, whose own barrier counts it) and the daemon's
 * {@code START}, sent once every node of the dataflow reads.
 */
public final class ProcessNodeEnvironment {

    private static @Nullable NodeContext context;
    private static @Nullable ControlClient control;

    private ProcessNodeEnvironment() {
    }

    /**
     * True if this process was started as a node process: by the daemon, by {@code jdora node attach}, or by hand as a
     * dynamic node ({@link DynamicJoin#requested()}).
     */
    public static boolean isNodeProcess() {
        return System.getenv(NodeConfig.ENV) != null || DynamicJoin.requested();
    }

    /** The context of this node process, built on first use, for one consumer thread (see {@link #context(boolean)}). */
    public static NodeContext context() {
        return context(true);
    }

    /**
     * The context of this node process, built on first use (the first call decides).
     *
     * @param oneConsumer true if one thread reads the node's events, as a node's code does: it then waits in a
     *                    doorbell of its own that writers in other processes ring directly (the transport's
     *                    {@link ConsumerWait}); false if the context is shared out to several threads (an operator
     *                    host derives one per operator), which are woken through the transport's own thread
     */
    public static synchronized NodeContext context(boolean oneConsumer) {
        if (context == null) {
            String file = System.getenv(NodeConfig.ENV);
            String secret = System.getenv().getOrDefault(NodeConfig.SECRET_ENV, "");
            if (file == null && DynamicJoin.requested()) {
                DynamicJoin.Grant grant = joinByHand();
                file = grant.config().toString();
                secret = grant.secret();
            }
            if (file == null) {
                throw new IllegalStateException("not a jdora node process: " + NodeConfig.ENV + " is not set");
            }
            try {
                context = build(NodeConfig.read(Path.of(file)), oneConsumer, secret);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the node configuration " + file, e);
            }
        }
        return context;
    }

    /** A node started by hand joins its dataflow ({@link DynamicJoin}); a refusal is a sentence, not a trace. */
    private static DynamicJoin.Grant joinByHand() {
        try {
            return DynamicJoin.joinFromEnv();
        } catch (DynamicJoin.Refused e) {
            throw new IllegalStateException("node '" + System.getenv(DynamicJoin.NODE_ID_ENV)
                    + "' cannot join dataflow '" + System.getenv(DynamicJoin.DATAFLOW_ENV) + "': " + e.getMessage());
        }
    }

    /**
     * Tells the daemon that the node's program returned normally and this process is exiting (see
     * {@link ControlMessage.NodeToDaemon.Finished}); nothing if the context was never built.
     */
    public static synchronized void finished() {
        if (control != null) {
            control.finished();
        }
    }

    private static NodeContext build(NodeConfig config, boolean oneConsumer, String secret) throws IOException {
        ParentWatch.startIfNodeProcess();
        BufferAllocator root = new RootAllocator();
        Transport transport = find(config.transport()).attach(new TransportContext(
                root.newChildAllocator("transport", 0, Long.MAX_VALUE), Optional.of(config.runDirectory()),
                config.settings()));
        Optional<NodeStats> stats = attachStatistics(config);
        Optional<ConsumerWait> wait = oneConsumer ? transport.openConsumerWait() : Optional.empty();
        WakeSignal signal = wait.map(WakeSignal::new).orElseGet(WakeSignal::new);
        List<BoundInput> inputs = new ArrayList<>();
        for (NodeConfig.Input in : config.inputs()) {
            InputReader reader = wait.isPresent()
                    ? transport.subscribe(in.channel(), config.subscriberId(in), in.options(), signal::wake,
                            wait.get())
                    : transport.subscribe(in.channel(), config.subscriberId(in), in.options(), signal::wake);
            if (stats.isPresent()) {
                reader = new RecordingReader(reader, stats.get().input(stats.get().description().inputIndex(in.id())));
            }
            inputs.add(new BoundInput(in.id(), in.sourceNodeId(), in.timer(), reader, in.timeout()));
        }
        Map<String, OutputWriter> outputs = new LinkedHashMap<>();
        for (String output : config.outputs()) {
            OutputWriter writer = transport.createOutput(new ChannelId(config.nodeId(), output));
            if (stats.isPresent()) {
                writer = new RecordingWriter(writer,
                        stats.get().output(stats.get().description().outputs().indexOf(output)));
            }
            outputs.put(output, writer);
        }
        Map<String, PortType> types = new LinkedHashMap<>();
        config.outputTypes().forEach((output, urn) -> PortType.parse(urn).ifPresent(t -> types.put(output, t)));
        outputs = CheckedOutputs.wrap(config.nodeId(), outputs, types, config.stdoutOutput());
        NodeContext ctx = new NodeContext(config.nodeId(), inputs, outputs,
                root.newChildAllocator("node-" + config.nodeId(), 0, Long.MAX_VALUE), new StartBarrier(2), signal,
                config.args(), config.env());
        ControlClient client = ControlClient.connect(config.controlSocket(), ctx, secret);
        ctx.whenTaken(client::subscribed);
        ctx.whenReading(client::reading);
        ctx.whenStopAll(client::stopAll);
        ctx.whenClosed(client::closed);
        control = client;
        return ctx;
    }

    /**
     * The node's statistics file, created by the daemon in the run directory; empty if there is none (a daemon that
     * keeps no statistics). The process's pid goes into it, and the state {@code RUNNING}.
     */
    private static Optional<NodeStats> attachStatistics(NodeConfig config) throws IOException {
        Path file = StatsLayout.fileOf(config.runDirectory(), config.nodeId());
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        NodeStats stats = NodeStats.attach(file);
        stats.setState(NodeStats.RUNNING, ProcessHandle.current().pid());
        return Optional.of(stats);
    }

    private static TransportProvider find(String name) {
        for (TransportProvider provider : ServiceLoader.load(TransportProvider.class)) {
            if (provider.name().equals(name) && provider.crossProcess()) {
                return provider;
            }
        }
        throw new IllegalStateException("no cross-process transport named '" + name + "' on the classpath of this "
                + "node process");
    }
}
