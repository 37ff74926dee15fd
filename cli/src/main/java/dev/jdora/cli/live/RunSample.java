package dev.jdora.cli.live;

import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunSnapshot;
import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.ProcessUsage;
import java.util.List;
import java.util.Map;

/**
 * One look at a running dataflow. Immutable.
 *
 * @param run        the run
 * @param nanos      when it was taken ({@link System#nanoTime()})
 * @param state      the run's state ({@code starting}, {@code running}, {@code stopping}), or {@code ended}
 * @param nodes      the statistics of every node, in dataflow order
 * @param nodeStates {@code running}, {@code finished} or {@code failed} for each node the run reported on (none once
 *                   it ended)
 * @param usage      the CPU time and memory of each node process that could be read, by node id
 */
record RunSample(RunAddress run, long nanos, String state, List<NodeStatistics> nodes, Map<String, String> nodeStates,
                 Map<String, ProcessUsage> usage) {

    static final String ENDED = RunSnapshot.ENDED;

    RunSample {
        nodes = List.copyOf(nodes);
        nodeStates = Map.copyOf(nodeStates);
        usage = Map.copyOf(usage);
    }

    boolean ended() {
        return state.equals(ENDED);
    }
}
