package dev.jdora.runtime.ops;

import java.util.List;
import java.util.Optional;

/**
 * What a running dataflow says about itself at one moment. Immutable.
 *
 * @param state  {@code starting} (some node does not read its events yet), {@code running} or {@code stopping}
 * @param nodes  every node, in file order
 * @param topics every output channel with its readers (timers included, as {@code dora/...})
 */
public record RunStatus(String state, List<NodeStatus> nodes, List<TopicStatus> topics) {

    public RunStatus {
        nodes = List.copyOf(nodes);
        topics = List.copyOf(topics);
    }

    /** The nodes that failed. */
    public List<NodeStatus> failed() {
        return nodes.stream().filter(n -> n.state().equals(NodeStatus.FAILED)).toList();
    }

    /** The topic {@code node/output}, if the dataflow has it. */
    public Optional<TopicStatus> topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * One node.
     *
     * @param id    its id
     * @param state {@code running}, {@code finished} or {@code failed}
     * @param error why it failed, empty otherwise
     */
    public record NodeStatus(String id, String state, String error) {
        public static final String RUNNING = "running";
        public static final String FINISHED = "finished";
        public static final String FAILED = "failed";
    }

    /**
     * One output channel.
     *
     * @param name     {@code node/output}
     * @param sent     messages sent on it so far, or -1 if the transport cannot tell
     * @param readers  the inputs that read it
     * @param external true if {@code jdora topic pub} may publish on it (an output of an
     *                 {@link dev.jdora.runtime.ExternalInput} node)
     */
    public record TopicStatus(String name, long sent, List<ReaderStatus> readers, boolean external) {
        public TopicStatus {
            readers = List.copyOf(readers);
        }
    }

    /**
     * One input reading a topic.
     *
     * @param input     {@code node/input}
     * @param policy    {@code drop_oldest} or {@code backpressure}
     * @param queueSize its {@code queue_size}
     * @param dropped   messages {@code drop_oldest} dropped for it so far
     */
    public record ReaderStatus(String input, String policy, int queueSize, long dropped) {
    }
}
