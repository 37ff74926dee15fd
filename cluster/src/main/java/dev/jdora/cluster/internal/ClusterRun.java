package dev.jdora.cluster.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run as the coordinator keeps it: where each node runs, which machines are ready and which parts have ended.
 * Guarded by the coordinator's lock.
 */
final class ClusterRun {

    final String id;
    final String name;
    final String dataflow;
    final long startedMillis;
    final int number;
    final long graceMillis;
    final Map<String, String> placement;
    final Map<String, UserToCoordinator.NodeView> nodes = new LinkedHashMap<>();
    final Set<String> ready = new HashSet<>();
    final Set<String> ended = new HashSet<>();
    boolean open;
    boolean stopping;

    ClusterRun(String id, String name, String dataflow, int number, long graceMillis, Map<String, String> placement) {
        this.id = id;
        this.name = name;
        this.dataflow = dataflow;
        this.startedMillis = System.currentTimeMillis();
        this.number = number;
        this.graceMillis = graceMillis;
        this.placement = Map.copyOf(placement);
        placement.forEach((node, machine) -> nodes.put(node,
                new UserToCoordinator.NodeView(node, machine, "running", "")));
    }

    Set<String> machines() {
        return Set.copyOf(placement.values());
    }

    boolean isEnded() {
        return ended.containsAll(machines());
    }

    void nodeEnded(String nodeId, boolean failed, String error) {
        UserToCoordinator.NodeView node = nodes.get(nodeId);
        if (node != null && node.state().equals("running")) {
            nodes.put(nodeId, new UserToCoordinator.NodeView(nodeId, node.machine(), failed ? "failed" : "finished",
                    error));
        }
    }

    /** The nodes of {@code machine} that have not ended. */
    List<String> runningOn(String machine) {
        return nodes.values().stream().filter(n -> n.machine().equals(machine) && n.state().equals("running"))
                .map(UserToCoordinator.NodeView::id).toList();
    }

    UserToCoordinator.RunView view() {
        String state = isEnded() ? "ended" : stopping ? "stopping" : open ? "running" : "starting";
        return new UserToCoordinator.RunView(id, name, dataflow, startedMillis, state, List.copyOf(nodes.values()));
    }
}
