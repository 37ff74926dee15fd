package dev.jdora.cluster.internal;

import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.internal.Launcher;
import dev.jdora.runtime.internal.LocalRun;
import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One machine's part of a run: its {@link MachinePlan} started as a {@link LocalRun} (nodes exactly as {@code jdora
 * run} starts them, plus forwarders and receivers on Aeron), its start barrier held until the coordinator opens it,
 * and a thread that reports ended nodes and the end of the part. Thread-safe.
 */
public final class MachinePart {

    private static final Logger LOG = LoggerFactory.getLogger(MachinePart.class);
    private static final Duration LINK_TIMEOUT = Duration.ofSeconds(10);

    private final String runId;
    private final MachinePlan plan;
    private final Consumer<DaemonToCoordinator> report;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<ExclusivePublication> publications = new ArrayList<>();
    private final Map<String, String> lostNodes = new ConcurrentHashMap<>(); // node id -> why
    private final Set<String> lostMachines = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Runnable openBarrier;
    private volatile boolean openRequested;
    private final LocalRun run;
    private final Path logDir;

    /**
     * Creates the part's Aeron streams and starts its nodes; they wait at the barrier until {@link #openBarrier()}.
     *
     * @param endpoints  the Aeron UDP endpoint of every machine
     * @param sessionIds the Aeron session id of every edge, by stream id
     * @param report    where the part's events go (to the coordinator)
     * @throws DataflowException if a node cannot run on this machine
     */
    public MachinePart(String runId, MachinePlan plan, Map<String, String> endpoints, Map<Integer, Integer> sessionIds,
                       Aeron aeron, RunOptions options, Consumer<DaemonToCoordinator> report)
            throws DataflowException {
        this.runId = runId;
        this.plan = plan;
        this.report = report;
        Map<String, NodeMain> programs = new LinkedHashMap<>();
        try {
            Map<String, Map<String, Subscription>> received = new LinkedHashMap<>();
            for (MachinePlan.Edge edge : plan.incoming()) {
                Subscription subscription = aeron.addSubscription(subscriptionChannel(endpoints.get(
                        plan.machineId()), session(sessionIds, edge)), edge.streamId());
                subscriptions.add(subscription);
                received.computeIfAbsent(edge.sourceNode(), n -> new LinkedHashMap<>()).put(edge.output(),
                        subscription);
            }
            received.forEach((nodeId, streams) -> programs.put(nodeId,
                    new ReceiverNode(streams, () -> Optional.ofNullable(lostNodes.get(nodeId)))));
            for (MachinePlan.Edge edge : plan.outgoing()) {
                ExclusivePublication publication = aeron.addExclusivePublication(
                        publicationChannel(endpoints.get(edge.to()), session(sessionIds, edge)), edge.streamId());
                publications.add(publication);
                programs.put(edge.forwarderId(), new ForwarderNode(publication,
                        () -> lostMachines.contains(edge.to())));
            }
            this.run = Launcher.startGated(plan.part(), options, (nodeId, bean) -> {
                NodeMain program = programs.get(nodeId);
                if (program == null) {
                    throw new IllegalArgumentException("not a link between machines");
                }
                return program;
            }, this::ready);
        } catch (RuntimeException | DataflowException e) {
            closeStreams();
            throw e;
        }
        this.logDir = options.logDir().resolve(run.id());
        Thread reporter = new Thread(this::reportUntilEnd, "jdora-part-" + runId);
        reporter.setDaemon(true);
        reporter.start();
    }

    private static int session(Map<Integer, Integer> sessionIds, MachinePlan.Edge edge) {
        Integer session = sessionIds.get(edge.streamId());
        if (session == null) {
            throw new IllegalArgumentException("the coordinator gave no session id for stream " + edge.streamId());
        }
        return session;
    }

    /**
     * The channel an edge is received on: only the image of the publication with {@code sessionId} is taken, so that
     * whoever else sends to this machine's UDP port, on whatever stream, is ignored.
     */
    static String subscriptionChannel(String endpoint, int sessionId) {
        return new ChannelUriStringBuilder().media("udp").endpoint(endpoint).sessionId(sessionId).build();
    }

    /** The channel an edge is sent on, under the session id its receiver takes. */
    static String publicationChannel(String endpoint, int sessionId) {
        return new ChannelUriStringBuilder().media("udp").endpoint(endpoint).sessionId(sessionId)
                .termLength(Frames.TERM_LENGTH).build();
    }

    private void ready(Runnable open) {
        openBarrier = open;
        Thread links = new Thread(this::reportReadyOnceLinked, "jdora-part-links-" + runId);
        links.setDaemon(true);
        links.start();
    }

    /**
     * Tells the coordinator this part is ready once every Aeron stream to and from other machines is connected, so
     * that nothing sent right after the barrier waits for a link to come up (at most {@link #LINK_TIMEOUT}; then it is
     * ready anyway, and a forwarder waits for its link like for a slow reader).
     */
    private void reportReadyOnceLinked() {
        long deadline = System.nanoTime() + LINK_TIMEOUT.toNanos();
        IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        while (!(publications.stream().allMatch(ExclusivePublication::isConnected)
                && subscriptions.stream().allMatch(Subscription::isConnected))) {
            if (System.nanoTime() - deadline > 0) {
                LOG.warn("run {}: a link to another machine is not connected after {}; starting anyway", runId,
                        LINK_TIMEOUT);
                break;
            }
            idle.idle();
        }
        report.accept(new DaemonToCoordinator.Ready(runId));
        if (openRequested) {
            openBarrier();
        }
    }

    /** Every machine is ready: the nodes get their events. Idempotent. */
    public synchronized void openBarrier() {
        openRequested = true;
        Runnable open = openBarrier;
        if (open != null) {
            openBarrier = null;
            open.run();
        }
    }

    /** Stop, as Ctrl-C: {@code Stop} to every node, then the grace ladder. */
    public void stop(Duration grace) {
        run.stop(grace);
    }

    /** Nodes of another machine are gone with it: local readers get {@code NodeFailed}, forwarders to it give up. */
    public void lost(String machineId, List<String> nodeIds, String error) {
        lostMachines.add(machineId);
        nodeIds.forEach(id -> lostNodes.put(id, error));
    }

    private void reportUntilEnd() {
        Set<String> reported = new HashSet<>();
        try {
            while (true) {
                boolean ended = run.await(Duration.ofMillis(50)).isPresent();
                for (NodeResult result : run.endedNodes()) {
                    if (!plan.isLink(result.nodeId()) && reported.add(result.nodeId())) {
                        report.accept(new DaemonToCoordinator.NodeEnded(runId, result.nodeId(), result.failed(),
                                result.error().orElse("")));
                    }
                }
                if (ended) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("run {}: stopped reporting before its end", runId);
        } finally {
            closeStreams();
        }
        report.accept(new DaemonToCoordinator.PartEnded(runId));
    }

    private void closeStreams() {
        subscriptions.forEach(CloseHelper::quietClose);
        publications.forEach(CloseHelper::quietClose);
    }

    /** Blocks until every node of the part has ended, at most {@code timeout}; true if they have. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return run.await(timeout).isPresent();
    }

    /** Where the part's nodes write their logs ({@code <node>.log}). */
    public Path logDir() {
        return logDir;
    }

    /** The id of the part's run on this machine ({@code jdora list} shows it; its run directory is named so). */
    public String localRunId() {
        return run.id();
    }

    /** True if {@code nodeId} is a forwarder or receiver of this part, not a node of the dataflow. */
    public boolean isLink(String nodeId) {
        return plan.isLink(nodeId);
    }

    /** The run id (the coordinator's). */
    public String runId() {
        return runId;
    }
}
