package dev.jdora.cluster.internal;

import dev.jdora.runtime.ops.RunSnapshot;
import java.util.List;
import java.util.Map;

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

    /**
     * A look at a run for {@code jdora top}: the run as the coordinator sees it and a snapshot of the part of each
     * machine that answered in time (a machine missing here did not).
     */
    public record RunSample(RunView run, Map<String, String> placement, Map<String, RunSnapshot> machines) {
    }

    /** Open a {@code drop_oldest} tap on output {@code topic} ({@code node/output}). */
    public record OpenTap(String topic, int queueSize) {
    }

    /** A tap opened: poll {@code GET /v1/taps/<tapId>}, close with {@code DELETE}. */
    public record TapOpened(String tapId) {
    }

    /**
     * What a tap has read since the last poll, in order.
     *
     * @param dropped messages dropped in all, on the tap's machine and in the coordinator
     * @param ended   the output has ended, and these are its last messages
     * @param error   why the tap ended early (it failed on its machine, or its machine stopped answering); empty if it
     *                did not
     */
    public record TapBatch(List<TapMessage> messages, long dropped, boolean ended, String error) {
    }

    /**
     * One message of a tap: its metadata as sent, and its data as an Arrow IPC stream (schema and one record batch of
     * one column).
     */
    public record TapMessage(long hlcNanos, int hlcCounter, Map<String, Object> parameters, byte[] arrow) {
    }
}
