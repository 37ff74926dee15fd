package dev.jdora.cluster.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each node of a dataflow runs, given the machines whose daemons are registered: its {@code deploy.machine}
 * (its own or the dataflow's top-level default), or the only machine when it names none. The coordinator places a run
 * with it, and {@code jdora check --coordinator} reports the same problems before a start. Pure; thread-safe.
 *
 * @param nodes    node id → machine id, for every node that could be placed
 * @param problems every node that cannot be placed, at its location, naming the node and the field
 */
public record Placement(Map<String, String> nodes, List<Problem> problems) {

    public Placement {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes)); // file order
        problems = List.copyOf(problems);
    }

    /** Places every node of {@code dataflow} on the {@code machines} (the live ones, in registration order). */
    public static Placement of(Dataflow dataflow, List<String> machines) {
        Map<String, String> nodes = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (NodeSpec node : dataflow.nodes()) {
            String at = "node '" + node.id() + "': ";
            if (node.id().startsWith(MachinePlan.FORWARDER)) {
                problems.add(new Problem(node.location(), at + "ids starting with '" + MachinePlan.FORWARDER
                        + "' are jdora's own; rename it"));
            }
            if (node.deployMachine().isPresent()) {
                String machine = node.deployMachine().get();
                if (!machines.contains(machine)) {
                    problems.add(new Problem(node.location(), at + "deploy.machine: no daemon has registered machine '"
                            + machine + "' (registered: " + (machines.isEmpty() ? "none" : String.join(", ", machines))
                            + ")"));
                }
                nodes.put(node.id(), machine);
            } else if (machines.size() == 1) {
                nodes.put(node.id(), machines.get(0));
            } else {
                problems.add(new Problem(node.location(), at + "deploy.machine: missing, and " + machines.size()
                        + " machines are registered (" + String.join(", ", machines) + "): say which one"));
            }
        }
        return new Placement(nodes, problems);
    }

    /** {@code node} as its machine runs it: without {@code deploy}, which {@code jdora run} refuses. */
    public static NodeSpec placed(NodeSpec node) {
        return new NodeSpec(node.id(), node.path(), node.className(), node.operators(), node.args(), node.env(),
                node.inputs(), node.outputs(), node.jvmOptions(), Optional.empty(), node.build(), node.location(),
                node.outputTypes(), node.inputTypes(), node.sendStdoutAs(), node.bean());
    }

    /** {@code dataflow} with every node {@link #placed}: what {@code jdora check --coordinator} checks as a run. */
    public static Dataflow placed(Dataflow dataflow) {
        return dataflow.withNodes(dataflow.nodes().stream().map(Placement::placed).toList());
    }

    /** The problems, one per line, as {@code file:line:column: message}. */
    public String describeProblems() {
        return String.join("\n", problems.stream().map(Problem::toString).toList());
    }
}
