package dev.jdora.cluster.internal;

import java.util.List;

/** What {@code jdora start/list/stop} send to a coordinator and get back. JSON. */
public final class UserToCoordinator {

    private UserToCoordinator() {
    }

    /** Start the dataflow at {@code dataflow} (absolute; the same path on every machine). */
    public record StartRun(String dataflow, String name, long graceMillis) {
    }

    /** Stop a run; {@code graceMillis} negative for the run's own grace period. */
    public record StopRun(long graceMillis) {
    }

    /**
     * A run as the coordinator sees it.
     *
     * @param state {@code starting}, {@code running}, {@code stopping} or {@code ended}
     */
    public record RunView(String id, String name, String dataflow, long startedMillis, String state,
                          List<NodeView> nodes) {
    }

    /** A node: its machine and {@code running}, {@code finished} or {@code failed} (with why). */
    public record NodeView(String id, String machine, String state, String error) {
    }

    /** A registered machine. */
    public record MachineView(String machineId, String dataEndpoint, boolean lost) {
    }

    /** A refusal: what is wrong, every problem on a line of its own. */
    public record Refusal(String error) {
    }
}
