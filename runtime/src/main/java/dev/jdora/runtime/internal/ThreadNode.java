package dev.jdora.runtime.internal;

import dev.jdora.core.Event;
import dev.jdora.core.StopCause;
import dev.jdora.core.internal.BoundInput;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.NodeContexts;
import dev.jdora.core.internal.Plural;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.runtime.NodeResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node running as a thread of this JVM ({@code jdora-node-<id>}), the in-JVM counterpart of {@link ProcessNode}:
 * when it ends, it ends its outputs (normally, or as a failure so downstream gets {@code NodeFailed}), unsubscribes
 * its inputs and reports a {@link NodeResult}.
 */
final class ThreadNode implements NodeHandle {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadNode.class);

    private final NodeContext context;
    private final NodeProgram program;
    private final NodeLog log;
    private final Consumer<NodeResult> onEnd;
    private final Thread thread;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile @Nullable String interruptReason;

    ThreadNode(NodeContext context, NodeProgram program, NodeLog log, Consumer<NodeResult> onEnd) {
        this.context = context;
        this.program = program;
        this.log = log;
        this.onEnd = onEnd;
        this.thread = new Thread(this::runNode, "jdora-node-" + context.nodeId());
        this.thread.setDaemon(true);
    }

    @Override
    public String nodeId() {
        return context.nodeId();
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public boolean hasSubscribed() {
        return context.isTaken();
    }

    @Override
    public boolean isReading() {
        return context.isReading();
    }

    @Override
    public boolean isAlive() {
        return thread.isAlive() && !ended.get();
    }

    @Override
    public void stop() {
        context.deliver(new Event.Stop(StopCause.MANUAL));
    }

    @Override
    public void reload(java.util.Optional<String> operatorId) {
        context.deliver(new Event.Reload(operatorId));
    }

    @Override
    public void upstreamRestarted(String sourceNodeId) {
        context.deliver(new Event.NodeRestarted(sourceNodeId));
    }

    /** Interrupts the node thread; the node is then reported failed for {@code reason}, however it ends. */
    @Override
    public void escalate(String reason) {
        interruptReason = reason;
        thread.interrupt();
    }

    /** Gives up on a node that ignored Stop and the interrupt: reports it failed and ends its outputs. */
    @Override
    public void forceEnd(String reason) {
        log.abortStdoutOutput(reason); // its thread may wait inside the log to send a printed line
        finish(reason);
    }

    private void runNode() {
        NodeContexts.bind(context);
        ConsoleRouter.bind(log);
        String error = null;
        try {
            program.run(context);
        } catch (Throwable t) {
            error = t.toString();
            System.err.println(describe(t));
        } finally {
            String reason = interruptReason;
            if (reason != null) {
                error = reason + (error == null ? "" : " (then: " + error + ")");
            }
            ConsoleRouter.unbind();
            NodeContexts.unbind();
            finish(error);
        }
    }

    private void finish(@Nullable String error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        context.markReading(); // if it never read, it will not now: do not hold the others at the barrier
        for (OutputWriter writer : context.outputs().values()) {
            if (error == null) {
                writer.close();
            } else {
                writer.fail("node '" + context.nodeId() + "' failed: " + firstLine(error));
            }
        }
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (BoundInput input : context.inputs()) {
            input.reader().close(); // first: what it still holds counts as dropped
            long n = input.reader().droppedCount();
            if (n > 0) {
                dropped.put(input.inputId(), n);
                LOG.debug("node={} input={}: dropped {} (drop_oldest)", context.nodeId(), input.inputId(),
                        Plural.count(n, "message"));
            }
        }
        log.close(Optional.ofNullable(error).map(ThreadNode::firstLine));
        onEnd.accept(new NodeResult(context.nodeId(), error != null, Optional.ofNullable(error), dropped,
                log.lastLines()));
    }

    private static String describe(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        return trace.toString().stripTrailing();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
