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
 * @param restarts how many times its {@code restart_policy} restarted it
 */
public record NodeResult(String nodeId, boolean failed, Optional<String> error, Map<String, Long> dropped,
                         List<String> lastLogLines, int restarts) {

    /** A node that was never restarted. */
    public NodeResult(String nodeId, boolean failed, Optional<String> error, Map<String, Long> dropped,
                      List<String> lastLogLines) {
        this(nodeId, failed, error, dropped, lastLogLines, 0);
    }

    public NodeResult {
        dropped = Map.copyOf(dropped);
        lastLogLines = List.copyOf(lastLogLines);
    }
}
