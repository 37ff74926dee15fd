package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Supervision;
import dev.jdora.core.internal.process.NodeConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What watches over one node process besides its exit: its restart budget ({@link RestartBudget}), its start-up and
 * health timeouts ({@link StuckWatch}), the run's scheduler that times them, and who to tell of a restart. Each new
 * process of the node gets a new secret ({@link NodeSecrets}), so that a process of an earlier incarnation can never
 * register again. Thread-safe: its state is touched on the exit thread of the node and the run's lifecycle thread,
 * under this object's lock.
 */
final class NodeSupervision {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSupervision.class);
    /** The environment variable that tells a node process how many times it was restarted (0 for the first). */
    static final String RESTARTS_ENV = "JDORA_NODE_RESTARTS";

    private final String nodeId;
    private final Supervision spec;
    private final ScheduledExecutorService scheduler;
    private final NodeSecrets secrets;
    private final Consumer<String> onRestart;
    private final RestartBudget budget;
    private final Optional<StuckWatch> stuck;
    private final java.util.function.BooleanSupplier inputsDone;

    /**
     * @param onRestart told the node id when the node is restarted (the run tells the nodes downstream)
     * @param clock     {@link System#nanoTime()}, or a fake one in tests
     * @param inputsDone true once the node has inputs and every node they come from has ended for good: a clean
     *                  exit then is the node's natural end ({@code Stop(ALL_INPUTS_CLOSED)}), not restarted even by
     *                  {@code always}
     */
    NodeSupervision(String nodeId, Supervision spec, ScheduledExecutorService scheduler, NodeSecrets secrets,
                    Consumer<String> onRestart, LongSupplier clock, java.util.function.BooleanSupplier inputsDone) {
        this.inputsDone = inputsDone;
        this.nodeId = nodeId;
        this.spec = spec;
        this.scheduler = scheduler;
        this.secrets = secrets;
        this.onRestart = onRestart;
        this.budget = new RestartBudget(spec, clock);
        this.stuck = spec.healthCheckTimeout().map(t -> new StuckWatch(t, clock));
    }

    Supervision spec() {
        return spec;
    }

    /** The delay before the next restart of a node that ended, or empty if it stays ended (counts a restart). */
    synchronized Optional<Duration> restartAfter(boolean failed) {
        if (!failed && inputsDone.getAsBoolean()) {
            return Optional.empty();
        }
        return budget.next(failed);
    }

    synchronized int restarts() {
        return budget.restarts();
    }

    synchronized String exhausted() {
        return budget.exhausted();
    }

    /** A new secret for the next process of the node, and its restart count, into its environment. */
    synchronized void renew(java.util.Map<String, String> environment) {
        environment.put(NodeConfig.SECRET_ENV, secrets.issue(nodeId));
        environment.put(RESTARTS_ENV, Integer.toString(budget.restarts()));
        stuck.ifPresent(StuckWatch::reset);
    }

    void restarted() {
        onRestart.accept(nodeId);
    }

    /** True once the node is stuck ({@code health_check_timeout}); false without one. */
    synchronized boolean stuck(long progress, boolean waiting) {
        return stuck.isPresent() && stuck.get().stuck(progress, waiting);
    }

    /** Runs {@code task} after {@code delay} on the run's lifecycle thread; nothing if the run has ended. */
    void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ended) {
            LOG.debug("node '{}': the run has ended, nothing more is scheduled", nodeId);
        }
    }

    /** Runs {@code check} every {@code period} until the run ends (it is then rejected or cancelled). */
    void every(Duration period, Runnable check) {
        try {
            scheduler.scheduleWithFixedDelay(check, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ended) {
            LOG.debug("node '{}': the run has ended, its health is not checked", nodeId);
        }
    }
}
