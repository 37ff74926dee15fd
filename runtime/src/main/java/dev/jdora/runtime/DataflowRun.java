package dev.jdora.runtime;

import dev.jdora.runtime.stats.RunStatistics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running dataflow, returned by {@link DataflowRunner#start}. Thread-safe: any thread may stop it or wait.
 *
 * <pre>{@code
 * DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults());
 * Runtime.getRuntime().addShutdownHook(new Thread(run::stop));
 * RunResult result = run.await();
 * }</pre>
 */
public interface DataflowRun {

    /** The run id. */
    String id();

    /**
     * Asks every node to stop: {@code Stop(MANUAL)} now, an interrupt after the grace period, and a failure report
     * {@code grace/2} later for a node still running. Returns at once; idempotent.
     */
    void stop();

    /**
     * Sends {@code Reload(operatorId)} to node {@code nodeId} (or {@code Reload()} when empty): a runtime node then
     * reloads that operator's class in a fresh class loader and swaps it between two events (hot reload); a plain node
     * may reload its configuration. Returns at once; a node not yet connected (process mode) misses it.
     *
     * @throws IllegalArgumentException if there is no such node
     */
    void reload(String nodeId, Optional<String> operatorId);

    /** Stops at once without grace: interrupts every node still running (second Ctrl-C). Returns at once. */
    void kill();

    /**
     * The results of the nodes that have ended so far, in the order they ended (all of them once the run is over):
     * for health checks that say which node failed while the others go on. Does not block.
     */
    default List<NodeResult> endedNodes() {
        return List.of();
    }

    /**
     * The run's live statistics per node, input and output (see {@link RunStatistics}); they stay readable after
     * the run ended. Every run that {@link DataflowRunner} starts has them.
     *
     * @throws UnsupportedOperationException if this run keeps none
     */
    default RunStatistics statistics() {
        throw new UnsupportedOperationException("run " + id() + " keeps no statistics");
    }

    /** Waits until every node has ended (or has been given up on after the grace ladder). */
    RunResult await() throws InterruptedException;

    /** Waits at most {@code timeout}; empty if the run is still going. */
    Optional<RunResult> await(Duration timeout) throws InterruptedException;
}
