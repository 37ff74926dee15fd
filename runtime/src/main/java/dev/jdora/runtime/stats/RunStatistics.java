package dev.jdora.runtime.stats;

import dev.jdora.runtime.internal.MappedRunStatistics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The live statistics of one run: every read returns the counters as they are now. Counters only grow; each one is
 * exact, two read one after the other may be a message apart. Reading allocates only what it returns and never
 * blocks; the nodes never wait for a reader.
 *
 * <pre>{@code
 * RunStatistics stats = RunStatistics.open(runDirectory);       // another process, same user
 * for (NodeStatistics node : stats.snapshot()) {
 *     System.out.println(node.nodeId() + " in=" + node.messagesIn() + " out=" + node.messagesOut());
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Any thread. The statistics stay readable after the run ended (their last values), as long as
 * this object is reachable.
 */
public interface RunStatistics {

    /**
     * The statistics of the run whose directory is {@code runDirectory} (see {@code LocalRun.runDirectoryBase()}),
     * read from its files, which must be this user's. Opens every node's file at once; a node's counters then go on
     * being readable even after the run ended and removed its directory.
     *
     * @throws IOException if the directory holds no statistics, or a file is not one
     */
    static RunStatistics open(Path runDirectory) throws IOException {
        return MappedRunStatistics.open(runDirectory);
    }

    /**
     * The run's id ({@code DataflowRun.id()}; for {@link #open}, the run directory's name): two runs of one dataflow
     * have the same {@link #dataflow()} and different ids.
     */
    String runId();

    /** The dataflow's name (its file name without {@code .yml}/{@code .yaml}). */
    String dataflow();

    /** The node ids, in dataflow order. */
    List<String> nodeIds();

    /** A snapshot of every node, in dataflow order. */
    List<NodeStatistics> snapshot();

    /** A snapshot of node {@code nodeId}, if there is one. */
    Optional<NodeStatistics> node(String nodeId);

    /**
     * The live counters of one input.
     *
     * @throws IllegalArgumentException if there is no such node or input
     */
    InputCounters input(String nodeId, String inputId);

    /**
     * The live counters of one output.
     *
     * @throws IllegalArgumentException if there is no such node or output
     */
    OutputCounters output(String nodeId, String outputId);
}
