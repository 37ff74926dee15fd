package dev.jdora.core.dataflow;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * dora's top-level {@code exit_when_nodes_finish:}: which nodes, once they have all finished, end the dataflow. The
 * runtime then sends {@code Stop(MANUAL)} to every node still running, as {@code Node.stopAll()} does (and a node
 * that does not stop meets the grace ladder). "Finished" means ended in any way: returned, failed or killed.
 *
 * <pre>{@code
 * exit_when_nodes_finish: true          # every node that reads another node's output (dora's form)
 * exit_when_nodes_finish: [sink, check] # these nodes (jdora)
 * }</pre>
 *
 * <p>dora's {@code true} makes a node finish once its data inputs have closed even if it also reads a timer, which
 * jdora always does (timer inputs never keep a node with data inputs alive); dora then leaves its sources running.
 * jdora stops them: a node with no input from another node (it reads only timers, or nothing) is a source, and a
 * source has nothing left to do once every node that does the work has finished. With {@code true} and no node that
 * reads another node's output, the key changes nothing.
 */
public sealed interface ExitWhenNodesFinish {

    /** Not set, or {@code false}: the dataflow ends when every node has ended, or when it is stopped. */
    static ExitWhenNodesFinish off() {
        return new Off();
    }

    /**
     * The nodes whose end ends the dataflow; empty if this setting ends nothing.
     *
     * @param nodes the dataflow's nodes (as written, or with operators' inputs flattened onto their node)
     */
    Set<String> nodesToFinish(List<NodeSpec> nodes);

    /** Not set, or {@code false}. */
    record Off() implements ExitWhenNodesFinish {
        @Override
        public Set<String> nodesToFinish(List<NodeSpec> nodes) {
            return Set.of();
        }
    }

    /** {@code true}: every node that reads an output of another node (directly or through its operators). */
    record EveryDataNode() implements ExitWhenNodesFinish {
        @Override
        public Set<String> nodesToFinish(List<NodeSpec> nodes) {
            Set<String> result = new LinkedHashSet<>();
            for (NodeSpec node : nodes) {
                boolean readsAnother = node.inputs().stream().anyMatch(i -> readsAnother(node, i))
                        || node.operators().stream().flatMap(op -> op.inputs().stream())
                                .anyMatch(i -> readsAnother(node, i));
                if (readsAnother) {
                    result.add(node.id());
                }
            }
            return Set.copyOf(result);
        }

        private static boolean readsAnother(NodeSpec node, InputSpec input) {
            return input.source() instanceof InputSource.NodeOutput out && !out.nodeId().equals(node.id());
        }
    }

    /** A list of node ids, each with where it is written. */
    record Listed(List<NamedNode> nodes) implements ExitWhenNodesFinish {
        public Listed {
            nodes = List.copyOf(nodes);
        }

        @Override
        public Set<String> nodesToFinish(List<NodeSpec> specs) {
            Set<String> result = new LinkedHashSet<>();
            nodes.forEach(n -> result.add(n.nodeId()));
            return Set.copyOf(result);
        }
    }

    /** One node id of a {@link Listed} setting. */
    record NamedNode(String nodeId, SourceLocation location) {
    }
}
