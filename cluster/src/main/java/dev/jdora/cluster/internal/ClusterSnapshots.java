package dev.jdora.cluster.internal;

import dev.jdora.runtime.ops.RunSnapshot;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.stats.NodeState;
import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.ProcessUsage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the parts of a run that its machines sent ({@link UserToCoordinator.RunSample}) into one {@link RunSnapshot},
 * as {@code jdora top} and {@code jdora topic list} show a run of one machine. Pure; stateless.
 */
public final class ClusterSnapshots {

    /** The state of a node whose machine did not answer in time. */
    public static final String NOT_ANSWERING = "not answering";

    private ClusterSnapshots() {
    }

    /**
     * The run of {@code sample}: nodes in file order, each with the statistics and CPU/memory its machine sent and the
     * state the coordinator knows (or {@value #NOT_ANSWERING}, with no counters, if its machine did not answer); every
     * topic once, with the count of its writer's machine and the readers of every machine.
     */
    public static RunSnapshot join(UserToCoordinator.RunSample sample) {
        UserToCoordinator.RunView view = sample.run();
        boolean ended = view.state().equals(RunSnapshot.ENDED);
        List<NodeStatistics> nodes = new ArrayList<>();
        List<RunStatus.NodeStatus> states = new ArrayList<>();
        Map<String, ProcessUsage> usage = new HashMap<>();
        for (UserToCoordinator.NodeView node : view.nodes()) {
            RunSnapshot part = sample.machines().get(node.machine());
            NodeStatistics statistics = part == null ? null : part.nodes().stream()
                    .filter(n -> n.nodeId().equals(node.id())).findFirst().orElse(null);
            boolean silent = part == null && !ended && node.state().equals(RunStatus.NodeStatus.RUNNING);
            nodes.add(statistics != null ? statistics : new NodeStatistics(node.id(), silent ? NodeState.RUNNING
                    : state(node.state()), 0, List.of(), List.of()));
            states.add(new RunStatus.NodeStatus(node.id(), silent ? NOT_ANSWERING : node.state(), node.error()));
            if (part != null && part.usage().containsKey(node.id())) {
                usage.put(node.id(), part.usage().get(node.id()));
            }
        }
        List<String> order = view.nodes().stream().map(UserToCoordinator.NodeView::id).toList();
        return new RunSnapshot(new RunStatus(view.state(), ended ? List.of() : states,
                ended ? List.of() : topics(sample.machines().values(), order)), nodes, usage);
    }

    private static NodeState state(String nodeState) {
        return switch (nodeState) {
            case RunStatus.NodeStatus.FINISHED -> NodeState.FINISHED;
            case RunStatus.NodeStatus.FAILED -> NodeState.FAILED;
            default -> NodeState.STARTING;
        };
    }

    /** Every topic once: the sum of its writers' counts (one machine's, or each machine's timer), all readers. */
    private static List<RunStatus.TopicStatus> topics(Iterable<RunSnapshot> parts, List<String> nodeOrder) {
        Map<String, RunStatus.TopicStatus> joined = new LinkedHashMap<>();
        for (RunSnapshot part : parts) {
            for (RunStatus.TopicStatus topic : part.status().topics()) {
                joined.merge(topic.name(), topic, (a, b) -> {
                    List<RunStatus.ReaderStatus> readers = new ArrayList<>(a.readers());
                    readers.addAll(b.readers());
                    long sent = a.sent() < 0 ? b.sent() : b.sent() < 0 ? a.sent() : a.sent() + b.sent();
                    return new RunStatus.TopicStatus(a.name(), sent, readers, a.external() || b.external());
                });
            }
        }
        List<RunStatus.TopicStatus> topics = new ArrayList<>(joined.values());
        topics.sort(Comparator.comparingInt(t -> {
            int index = nodeOrder.indexOf(t.name().substring(0, Math.max(0, t.name().indexOf('/'))));
            return index < 0 ? Integer.MAX_VALUE : index;
        }));
        return topics;
    }
}
