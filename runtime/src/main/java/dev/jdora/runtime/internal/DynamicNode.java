package dev.jdora.runtime.internal;

import dev.jdora.core.StopCause;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.internal.Suggestions;
import dev.jdora.core.internal.process.ControlMessage;
import dev.jdora.core.internal.process.DynamicJoin;
import dev.jdora.core.internal.process.NodeConfig;
import dev.jdora.core.transport.Transport;
import dev.jdora.runtime.NodeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code path: dynamic} node: the run does not start it, it waits for a process started by hand to join
 * ({@code jdora node attach}, or {@code JDORA_DATAFLOW=… JDORA_NODE_ID=…}: {@link DynamicJoin}). Its channels are
 * declared with the others, so nothing sent to it before it joins is lost ({@code backpressure}) and the start barrier
 * waits for it like for any node: the others receive no event until it reads.
 *
 * <p><b>Joining.</b> A join is granted only while no process of the node is connected; each grant carries a new
 * secret, and a connection replaces the secret again, so a grant is good for one connection. {@code startup_timeout}
 * fails the node if nothing has joined within it; without one the run waits until it is stopped (the node then ends
 * without having run, not failed).
 *
 * <p><b>Ending.</b> The run cannot see a hand-started process's exit status: its end is the end of its control
 * connection. After it said it closed its {@code Node} ({@code CLOSED}) or finished, that is a clean end; before, a
 * failure (killed, or crashed). Then its outputs end (downstream sees {@code InputClosed}, or {@code NodeFailed}
 * first) as for any node process — unless its {@code restart_policy} grants a restart: then its inputs keep their
 * place, and the next process that joins resumes where the last one stopped (the message it was handling marked
 * {@code redelivered}) and the nodes downstream get {@code NodeRestarted}. There is no restart delay (a person starts
 * it again); {@code health_check_timeout} does not apply. On stop it gets {@code Stop} like any node; the grace
 * ladder, which cannot signal a process it did not start, closes its control connection instead, on which the node
 * stops and its process exits at once ({@code ControlClient}).
 *
 * <p>Thread-safe: its state changes under this object's lock, on the control server's and the run's threads.
 */
final class DynamicNode implements ControlledNode {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicNode.class);

    private final NodeConfig config;
    private final Path configFile;
    private final String runName;
    private final NodeLog log;
    private final NodeProcessChannels channels;
    private final NodeSecrets secrets;
    private final NodeSupervision supervision;
    private final Consumer<NodeResult> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile boolean subscribed;
    private volatile boolean started;
    private volatile boolean stopRequested;
    private volatile boolean finished;
    private ControlServer.@Nullable Connection connection;
    private int joins;
    private int waits;
    private boolean closedNode;
    private @Nullable String failureReason;
    private Optional<String> lastError = Optional.empty();

    DynamicNode(NodeConfig config, Path configFile, String runName, NodeLog log, Transport transport,
                NodeSecrets secrets, NodeSupervision supervision, Consumer<NodeResult> onEnd) {
        this.config = config;
        this.configFile = configFile;
        this.runName = runName;
        this.log = log;
        this.channels = new NodeProcessChannels(config, transport);
        this.secrets = secrets;
        this.supervision = supervision;
        this.onEnd = onEnd;
    }

    /**
     * Answers a join request for {@code nodeId} in a run of {@code dataflow}: the grant of its dynamic node, or why
     * not (no such node, with a "did you mean"; not dynamic; connected already; ended).
     */
    static DynamicJoin.Grant join(Dataflow dataflow, Map<String, ControlledNode> nodes, String runName, String nodeId)
            throws DynamicJoin.Refused {
        if (nodes.get(nodeId) instanceof DynamicNode dynamic) {
            return dynamic.join();
        }
        Optional<NodeSpec> node = dataflow.node(nodeId);
        if (node.isEmpty()) {
            throw new DynamicJoin.Refused("dataflow '" + runName + "' has no node '" + nodeId + "'"
                    + Suggestions.didYouMean(nodeId, dataflow.nodes().stream().map(NodeSpec::id).toList()));
        }
        throw new DynamicJoin.Refused("node '" + nodeId + "' (" + node.get().location() + ") is not dynamic: the run "
                + "starts it itself; only a node with 'path: dynamic' joins by hand");
    }

    @Override
    public String nodeId() {
        return config.nodeId();
    }

    @Override
    public void start() {
        LOG.info("node '{}' is dynamic: waiting for it to join; start it with 'jdora node attach {} {} -- <command>'"
                + " or with JDORA_DATAFLOW={} JDORA_NODE_ID={} in its environment", nodeId(), runName, nodeId(),
                runName, nodeId());
        awaitJoin();
    }

    /** Times the wait for the next join ({@code startup_timeout}), if the node has one. */
    private void awaitJoin() {
        int wait;
        synchronized (this) {
            wait = ++waits;
        }
        supervision.spec().startupTimeout().ifPresent(timeout -> supervision.schedule(
                () -> checkJoined(wait, timeout), timeout));
    }

    private void checkJoined(int wait, Duration timeout) {
        synchronized (this) {
            if (wait != waits || connection != null || stopRequested) {
                return;
            }
        }
        String reason = "did not join within its startup_timeout of " + String.format(Locale.ROOT, "%.1f s",
                timeout.toMillis() / 1000.0);
        LOG.warn("dynamic node '{}' {}", nodeId(), reason);
        finish(Optional.of(reason));
    }

    /** A grant for the next process of this node, or why there is none now. */
    synchronized DynamicJoin.Grant join() throws DynamicJoin.Refused {
        if (ended.get()) {
            throw new DynamicJoin.Refused("node '" + nodeId() + "' has ended" + (supervision.spec().restarts() ? ""
                    : " (a dynamic node may join again after its end only with a restart_policy that allows it)"));
        }
        if (stopRequested) {
            throw new DynamicJoin.Refused("dataflow '" + runName + "' is stopping");
        }
        if (connection != null) {
            throw new DynamicJoin.Refused("node '" + nodeId() + "' has joined already: a process of it is connected;"
                    + " a dynamic node joins once at a time");
        }
        return new DynamicJoin.Grant(configFile, secrets.issue(nodeId()));
    }

    @Override
    public boolean connected(ControlServer.Connection c) {
        boolean again;
        synchronized (this) {
            if (ended.get() || connection != null) {
                return false;
            }
            connection = c;
            again = joins++ > 0;
            closedNode = false;
            finished = false;
            failureReason = null;
            secrets.issue(nodeId()); // the grant is used up: no second process may present it
        }
        LOG.info("dynamic node '{}' joined{}", nodeId(), again ? " again (restart " + supervision.restarts() + ")"
                : "");
        if (again) {
            supervision.restarted();
        }
        if (started) {
            c.send(new ControlMessage.DaemonToNode.Start());
        }
        if (stopRequested) {
            c.send(new ControlMessage.DaemonToNode.Stop(StopCause.MANUAL));
        }
        return true;
    }

    @Override
    public void disconnected(ControlServer.Connection c) {
        Optional<String> error;
        synchronized (this) {
            if (c != connection) {
                return;
            }
            connection = null;
            String reason = failureReason;
            error = reason != null ? Optional.of(reason) : closedNode || finished ? Optional.empty()
                    : Optional.of("its process ended without closing its node (killed, or crashed)");
            if (!stopRequested && !ended.get()) {
                Optional<Duration> restart = supervision.restartAfter(error.isPresent());
                if (restart.isPresent()) {
                    lastError = error;
                    channels.keepReaderPlaces();
                    LOG.warn("dynamic node '{}' {}; waiting for it to join again (restart {})", nodeId(),
                            error.orElse("ended"), supervision.restarts());
                } else if (supervision.spec().restarts() && supervision.restarts() > 0) {
                    error = error.map(e -> e + "; not restarted again " + supervision.exhausted());
                }
                if (restart.isPresent()) {
                    awaitJoin();
                    return;
                }
            }
        }
        finish(error);
    }

    @Override
    public void markSubscribed() {
        subscribed = true;
    }

    @Override
    public boolean markReading() {
        return reading.compareAndSet(false, true);
    }

    @Override
    public void startEvents() {
        started = true;
        send(new ControlMessage.DaemonToNode.Start());
    }

    @Override
    public void markFinished() {
        finished = true;
    }

    @Override
    public boolean hasFinished() {
        return finished;
    }

    @Override
    public synchronized void markClosed() {
        closedNode = true;
    }

    @Override
    public boolean hasSubscribed() {
        return subscribed;
    }

    @Override
    public boolean isReading() {
        return reading.get();
    }

    @Override
    public boolean isAlive() {
        return !ended.get();
    }

    @Override
    public void stop() {
        Optional<String> notJoined;
        synchronized (this) {
            stopRequested = true;
            if (connection != null) {
                connection.send(new ControlMessage.DaemonToNode.Stop(StopCause.MANUAL));
                return;
            }
            notJoined = lastError;
        }
        if (joins() == 0) {
            LOG.info("dynamic node '{}' never joined", nodeId());
        }
        finish(notJoined);
    }

    private synchronized int joins() {
        return joins;
    }

    @Override
    public void reload(Optional<String> operatorId) {
        send(new ControlMessage.DaemonToNode.Reload(operatorId));
    }

    @Override
    public void upstreamRestarted(String sourceNodeId) {
        send(new ControlMessage.DaemonToNode.NodeRestarted(sourceNodeId));
    }

    private void send(ControlMessage.DaemonToNode message) {
        ControlServer.Connection c;
        synchronized (this) {
            c = connection;
        }
        if (c != null) {
            c.send(message);
        }
    }

    /** Closes the node's control connection: the node gets {@code Stop} and its process exits at once. */
    @Override
    public void escalate(String reason) {
        ControlServer.Connection c;
        synchronized (this) {
            c = connection;
            if (c != null && !closedNode && !finished) {
                failureReason = reason + "; closed its control connection";
            }
        }
        if (c != null) {
            c.close(); // ends the connection's thread, which reports it disconnected
        }
    }

    @Override
    public void forceEnd(String reason) {
        escalate(reason);
        finish(Optional.of(reason));
    }

    private void finish(Optional<String> error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        channels.endOutputs(error);
        Map<String, Long> dropped = channels.dropped();
        channels.forgetReaders();
        log.close(error);
        ControlServer.Connection c;
        synchronized (this) {
            c = connection;
        }
        if (c != null) {
            c.close();
        }
        LOG.debug("dynamic node '{}' ended: {}", nodeId(), error.orElse("ok"));
        onEnd.accept(new NodeResult(nodeId(), error.isPresent(), error, dropped, log.lastLines(),
                supervision.restarts()));
    }
}
