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
 * @param restarts     how many times its {@code restart_policy} restarted it
 * @param messagesIn   messages the node received, on all its inputs
 * @param messagesOut  messages the node sent, on all its outputs
 */
public record NodeResult(String nodeId, boolean failed, Optional<String> error, Map<String, Long> dropped,
                         List<String> lastLogLines, int restarts, long messagesIn, long messagesOut) {

    public NodeResult {
        dropped = Map.copyOf(dropped);
        lastLogLines = List.copyOf(lastLogLines);
    }

    /** A node never restarted, with no messages counted (yet). */
    public NodeResult(String nodeId, boolean failed, Optional<String> error, Map<String, Long> dropped,
                      List<String> lastLogLines) {
        this(nodeId, failed, error, dropped, lastLogLines, 0);
    }

    /** A result restarted {@code restarts} times, with no messages counted (yet). */
    public NodeResult(String nodeId, boolean failed, Optional<String> error, Map<String, Long> dropped,
                      List<String> lastLogLines, int restarts) {
        this(nodeId, failed, error, dropped, lastLogLines, restarts, 0, 0);
    }

    /** This result with the messages the node received and sent. */
    public NodeResult withMessages(long in, long out) {
        return new NodeResult(nodeId, failed, error, dropped, lastLogLines, restarts, in, out);
    }

    /** Messages dropped on all inputs. */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
