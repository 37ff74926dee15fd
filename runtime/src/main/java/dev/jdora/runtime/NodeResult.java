package dev.jdora.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one node ended.
 *
 * @param nodeId   the node
 * @param failed   whether it failed (threw, or did not stop within the grace period)
 * @param error    what went wrong, if it failed
 * @param dropped  messages dropped by {@code drop_oldest}, per input id (only inputs that dropped something)
 * @param lastLogLines the last lines the node printed (for the failure report)
 */
public record NodeResult(String nodeId, boolean failed, Optional<String> error, Map<String, Long> dropped,
                         List<String> lastLogLines) {

    public NodeResult {
        dropped = Map.copyOf(dropped);
        lastLogLines = List.copyOf(lastLogLines);
    }
}
