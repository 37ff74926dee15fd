package dev.jdora.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * How a run ended.
 *
 * @param runId   the run's id (also its log directory name)
 * @param nodes   one result per node, in dataflow order
 * @param logDir  where the node logs are
 */
public record RunResult(String runId, List<NodeResult> nodes, Path logDir) {

    public RunResult {
        nodes = List.copyOf(nodes);
    }

    /** True if no node failed. */
    public boolean succeeded() {
        return nodes.stream().noneMatch(NodeResult::failed);
    }

    /** The process exit status {@code jdora run} uses: 0 if every node succeeded, 1 if any failed. */
    public int exitCode() {
        return succeeded() ? 0 : 1;
    }

    /** The failed nodes. */
    public List<NodeResult> failures() {
        return nodes.stream().filter(NodeResult::failed).toList();
    }
}
