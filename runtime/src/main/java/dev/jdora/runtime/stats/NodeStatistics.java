package dev.jdora.runtime.stats;

import java.util.List;

/**
 * A snapshot of one node's statistics.
 *
 * @param nodeId  the node
 * @param state   where it is in its life
 * @param pid     the process that runs it (the daemon's for a node run as a thread); 0 before it started
 * @param inputs  its inputs, in dataflow order
 * @param outputs its outputs, in dataflow order
 */
public record NodeStatistics(String nodeId, NodeState state, long pid, List<InputStatistics> inputs,
                             List<OutputStatistics> outputs) {

    public NodeStatistics {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Messages received on all inputs. */
    public long messagesIn() {
        return inputs.stream().mapToLong(InputStatistics::received).sum();
    }

    /** Messages sent on all outputs. */
    public long messagesOut() {
        return outputs.stream().mapToLong(OutputStatistics::sent).sum();
    }

    /** Messages dropped on all inputs. */
    public long dropped() {
        return inputs.stream().mapToLong(InputStatistics::dropped).sum();
    }
}
