package dev.jdora.testkit;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.Operator;
import dev.jdora.core.OperatorStatus;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Hosts one {@link Operator} the way a runtime node does: feeds it every event, one at a time, with the node as its
 * {@code Outputs}. {@code STOP} ends the feeding; {@code STOP_ALL} is recorded and, as in a dataflow, turns into a
 * {@code Stop(MANUAL)} for this node (the only node here), which the operator then sees as its last event.
 */
final class OperatorHost {

    private final Operator operator;
    private final Runnable stopAll;
    private volatile @Nullable OperatorStatus finalStatus;
    private volatile boolean stopAllRequested;

    /** @param stopAll delivers {@code Stop(MANUAL)} to the node */
    OperatorHost(Operator operator, Runnable stopAll) {
        this.operator = operator;
        this.stopAll = stopAll;
    }

    /** Runs on the node thread until the operator stops or the event stream ends; closes the node. */
    void run(Node node) throws Exception {
        try (node) {
            for (Event event : node) {
                OperatorStatus status = operator.onEvent(event, node);
                if (status == OperatorStatus.STOP) {
                    finalStatus = status;
                    return;
                }
                if (status == OperatorStatus.STOP_ALL && !stopAllRequested) {
                    finalStatus = status;
                    stopAllRequested = true;
                    stopAll.run();
                }
            }
        }
    }

    /** {@code STOP} or {@code STOP_ALL} if the operator returned it, else empty. */
    Optional<OperatorStatus> finalStatus() {
        return Optional.ofNullable(finalStatus);
    }

    boolean stopAllRequested() {
        return stopAllRequested;
    }
}
