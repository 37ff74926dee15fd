package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a run ends before all of its nodes have ended by themselves, decided from the graph as nodes end:
 * <ul>
 *   <li>{@code exit_when_nodes_finish}: once every node it names has ended (in any way), every node still running is
 *       stopped ({@code Stop(MANUAL)}, as by {@code Node.stopAll()}).</li>
 *   <li>A timer-only source — a node whose inputs are all timers — has its timers ended once every node that reads
 *       one of its outputs has ended: its ticks have nobody left to work for. It gets {@code InputClosed} for each
 *       timer, then {@code Stop(ALL_INPUTS_CLOSED)}. A node with no reader (a node whose work is a side effect, or
 *       without outputs) keeps its timers; so does a node with an input from another node, which stops when that
 *       input closes.</li>
 * </ul>
 * Pure bookkeeping over the (flattened) dataflow: the run carries out the {@link Actions}. Thread-safe.
 */
final class RunEnding {

    /** What the run does when the graph says so. Called with no lock of the caller's held, at most once each. */
    interface Actions {
        /** Stops every node still running; {@code reason} says why, for the log. */
        void stopAll(String reason);

        /** Ends the timers of node {@code nodeId}. */
        void endTimersOf(String nodeId);
    }

    private final Actions actions;
    private final Set<String> toFinish;
    private final Set<String> finishing;
    private final Map<String, Set<String>> readersOfTimerSources = new LinkedHashMap<>();
    private boolean stopped;

    /** @param dataflow the run's dataflow, with operators' inputs flattened onto their node */
    RunEnding(Dataflow dataflow, Actions actions) {
        this.actions = actions;
        this.toFinish = dataflow.exitWhenNodesFinish().nodesToFinish(dataflow.nodes());
        this.finishing = new HashSet<>(toFinish);
        for (NodeSpec node : dataflow.nodes()) {
            if (readsOnlyTimers(node)) {
                Set<String> readers = readersOf(node.id(), dataflow.nodes());
                if (!readers.isEmpty()) {
                    readersOfTimerSources.put(node.id(), readers);
                }
            }
        }
    }

    private static boolean readsOnlyTimers(NodeSpec node) {
        return !node.inputs().isEmpty()
                && node.inputs().stream().allMatch(i -> i.source() instanceof InputSource.Timer);
    }

    private static Set<String> readersOf(String nodeId, List<NodeSpec> nodes) {
        Set<String> readers = new LinkedHashSet<>();
        for (NodeSpec node : nodes) {
            for (InputSpec input : node.inputs()) {
                if (input.source() instanceof InputSource.NodeOutput out && out.nodeId().equals(nodeId)
                        && !node.id().equals(nodeId)) {
                    readers.add(node.id());
                }
            }
        }
        return readers;
    }

    /**
     * The order in which to deliver {@code Stop(MANUAL)}: every node before the nodes it reads from (in a cycle, in
     * any order). A node's {@code Stop} is then queued before its sources can end, so it gets {@code Stop(MANUAL)} and
     * not, because its inputs closed first, {@code Stop(ALL_INPUTS_CLOSED)}.
     */
    static List<String> stopOrder(Dataflow dataflow) {
        Map<String, Set<String>> readers = new LinkedHashMap<>();
        dataflow.nodes().forEach(n -> readers.put(n.id(), readersOf(n.id(), dataflow.nodes())));
        List<String> order = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (String nodeId : readers.keySet()) {
            visitReadersFirst(nodeId, readers, visited, order);
        }
        return List.copyOf(order);
    }

    private static void visitReadersFirst(String nodeId, Map<String, Set<String>> readers, Set<String> visited,
                                          List<String> order) {
        if (!visited.add(nodeId)) {
            return;
        }
        for (String reader : readers.getOrDefault(nodeId, Set.of())) {
            visitReadersFirst(reader, readers, visited, order);
        }
        order.add(nodeId);
    }

    /** Node {@code nodeId} has ended: carries out what follows from it. Any thread. */
    void nodeEnded(String nodeId) {
        List<String> timersToEnd = new ArrayList<>();
        boolean stopNow = false;
        synchronized (this) {
            if (finishing.remove(nodeId) && finishing.isEmpty() && !stopped) {
                stopped = true;
                stopNow = true;
            }
            readersOfTimerSources.values().forEach(readers -> readers.remove(nodeId));
            readersOfTimerSources.entrySet().removeIf(e -> {
                if (e.getValue().isEmpty()) {
                    timersToEnd.add(e.getKey());
                    return true;
                }
                return false;
            });
        }
        if (stopNow) {
            actions.stopAll((toFinish.size() == 1 ? "node " : "nodes ") + String.join(", ", quoted(toFinish))
                    + (toFinish.size() == 1 ? " has" : " have") + " finished (exit_when_nodes_finish)");
        }
        timersToEnd.forEach(actions::endTimersOf);
    }

    private static List<String> quoted(Set<String> ids) {
        return ids.stream().sorted().map(id -> "'" + id + "'").toList();
    }
}
