package dev.jdora.runtime.ops;

import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.ProcessUsage;
import java.util.List;
import java.util.Map;

/**
 * One look at a running dataflow, everything {@code jdora top} shows: what the run says about itself, the statistics
 * of its nodes and the CPU time and memory of their processes. Immutable.
 *
 * @param status what the run says about itself; its state is {@value #ENDED} (and it has no nodes or topics) once the
 *               run has ended
 * @param nodes  the statistics of every node, in dataflow order (their last values after the run ended)
 * @param usage  the CPU time and memory of the process of each node whose process could be read, by node id (a node
 *               run as a thread shows its daemon's)
 */
public record RunSnapshot(RunStatus status, List<NodeStatistics> nodes, Map<String, ProcessUsage> usage) {

    /** The state of a run that has ended. */
    public static final String ENDED = "ended";

    public RunSnapshot {
        nodes = List.copyOf(nodes);
        usage = Map.copyOf(usage);
    }

    /** True if the run had ended when this was taken. */
    public boolean ended() {
        return status.state().equals(ENDED);
    }
}
