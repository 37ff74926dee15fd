package dev.jdora.cluster.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.QueuePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One machine's part of a dataflow that spans several, computed the same way on every machine from the dataflow and
 * the placement (pure; no I/O): the nodes placed here, plus
 * <ul>
 *   <li>a <em>forwarder</em> per output read on another machine, per such machine ({@code jdora-forward-N}, a thread
 *       of the daemon reading the output like any input, always losslessly, and sending it over Aeron UDP): an output
 *       is sent once per machine, not once per reader. Its readers' {@code drop_oldest} drops where they are, on the
 *       receiving machine, counted there as on one machine; the sending side never drops. A link slower than the
 *       output holds its writer back only once Aeron's window (a term of {@link Frames#TERM_LENGTH}) is full;</li>
 *   <li>a <em>receiver</em> per remote node read here, standing in for it under its own id: it writes what arrives
 *       into the local channels that local readers tail, and fails as that node fails, so they see {@code
 *       NodeFailed(node)} and then {@code InputClosed}.</li>
 * </ul>
 * Each edge (output → machine) has an Aeron stream id of its own, derived from the run number: unique among the runs
 * of a coordinator, and, as a coordinator starts numbering at a random run number, unlikely to be one a part left
 * from an earlier coordinator still uses (the edge's own Aeron session id tells them apart in any case).
 *
 * @param machineId this machine
 * @param part      the dataflow this machine runs: local nodes without {@code deploy}, forwarders and receivers
 * @param outgoing  the edges this machine sends
 * @param incoming  the edges this machine receives
 */
public record MachinePlan(String machineId, Dataflow part, List<Edge> outgoing, List<Edge> incoming) {

    /** Bean name of a receiver node. */
    public static final String RECEIVER = "jdora-receive";
    /** Prefix of a forwarder node's id and bean name. */
    public static final String FORWARDER = "jdora-forward-";
    private static final int EDGES_PER_RUN = 4096;
    /** The largest run number: every stream id of its edges is still a positive {@code int}. */
    public static final int MAX_RUN_NUMBER = Integer.MAX_VALUE / EDGES_PER_RUN;

    /**
     * One output carried from one machine to another.
     *
     * @param streamId    its Aeron stream id
     * @param sourceNode  the node whose output it is
     * @param output      the output
     * @param from        the sending machine
     * @param to          the receiving machine
     * @param queueSize   the largest {@code queue_size} of its readers on {@code to}: how far the forwarder (a
     *                    {@code backpressure} reader) may fall behind the output
     */
    public record Edge(int streamId, String sourceNode, String output, String from, String to, int queueSize) {

        /** The id of the forwarder node that sends it. */
        public String forwarderId() {
            return FORWARDER + (streamId % EDGES_PER_RUN);
        }
    }

    /** The plan of {@code machineId} for {@code dataflow} placed as {@code placement} (node id → machine id). */
    public static MachinePlan of(Dataflow dataflow, Map<String, String> placement, String machineId, int runNumber) {
        List<Edge> edges = edges(dataflow, placement, runNumber);
        List<Edge> outgoing = edges.stream().filter(e -> e.from().equals(machineId)).toList();
        List<Edge> incoming = edges.stream().filter(e -> e.to().equals(machineId)).toList();
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec node : dataflow.nodes()) {
            if (machineId.equals(placement.get(node.id()))) {
                nodes.add(Placement.placed(node));
            }
        }
        Map<String, Set<String>> received = new LinkedHashMap<>();
        incoming.forEach(e -> received.computeIfAbsent(e.sourceNode(), n -> new LinkedHashSet<>()).add(e.output()));
        received.forEach((nodeId, outputs) -> nodes.add(receiver(dataflow.node(nodeId).orElseThrow(), outputs)));
        for (Edge edge : outgoing) {
            nodes.add(forwarder(dataflow.node(edge.sourceNode()).orElseThrow(), edge));
        }
        return new MachinePlan(machineId, dataflow.withNodes(nodes), outgoing, incoming);
    }

    /** The run number after {@code runNumber}: 1 after {@link #MAX_RUN_NUMBER}. */
    public static int nextRunNumber(int runNumber) {
        return runNumber % MAX_RUN_NUMBER + 1;
    }

    /** Every edge between machines, in a fixed order (file order of the readers). */
    static List<Edge> edges(Dataflow dataflow, Map<String, String> placement, int runNumber) {
        Map<String, List<InputSpec>> readers = new LinkedHashMap<>(); // "source/output>machine" -> inputs there
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (NodeSpec node : dataflow.nodes()) {
            String to = placement.get(node.id());
            for (InputSpec input : node.inputs()) {
                if (input.source() instanceof InputSource.NodeOutput out
                        && !placement.get(out.nodeId()).equals(to)) {
                    String key = out.nodeId() + "/" + out.outputId() + ">" + to;
                    readers.computeIfAbsent(key, k -> new ArrayList<>()).add(input);
                    keys.putIfAbsent(key, new String[] {out.nodeId(), out.outputId(), placement.get(out.nodeId()),
                        to});
                }
            }
        }
        if (keys.size() >= EDGES_PER_RUN) {
            throw new IllegalArgumentException("more than " + (EDGES_PER_RUN - 1) + " edges between machines");
        }
        List<Edge> edges = new ArrayList<>();
        int index = 1;
        for (Map.Entry<String, String[]> entry : keys.entrySet()) {
            String[] k = entry.getValue();
            List<InputSpec> inputs = readers.get(entry.getKey());
            int queueSize = inputs.stream().mapToInt(InputSpec::queueSize).max().orElse(InputSpec.DEFAULT_QUEUE_SIZE);
            edges.add(new Edge(runNumber * EDGES_PER_RUN + index++, k[0], k[1], k[2], k[3], queueSize));
        }
        return edges;
    }

    private static NodeSpec receiver(NodeSpec remote, Set<String> outputs) {
        return bean(remote.id(), RECEIVER, List.of(), List.copyOf(outputs), remote);
    }

    private static NodeSpec forwarder(NodeSpec source, Edge edge) {
        InputSpec input = new InputSpec("data", new InputSource.NodeOutput(edge.sourceNode(), edge.output()),
                edge.queueSize(), QueuePolicy.BACKPRESSURE, Optional.empty(), source.location());
        return bean(edge.forwarderId(), edge.forwarderId(), List.of(input), List.of(), source);
    }

    private static NodeSpec bean(String id, String bean, List<InputSpec> inputs, List<String> outputs, NodeSpec at) {
        return new NodeSpec(id, Optional.empty(), Optional.empty(), List.of(), List.of(), Map.of(), inputs, outputs,
                List.of(), Optional.empty(), List.of(), at.location(), Map.of(), Map.of(), Optional.empty(),
                Optional.of(bean));
    }

    /** True if {@code nodeId} is one of this plan's forwarders or receivers rather than a node of the dataflow. */
    public boolean isLink(String nodeId) {
        return nodeId.startsWith(FORWARDER) && outgoing.stream().anyMatch(e -> e.forwarderId().equals(nodeId))
                || incoming.stream().anyMatch(e -> e.sourceNode().equals(nodeId));
    }
}
