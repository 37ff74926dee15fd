package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.internal.process.DynamicJoin;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.Transport;
import dev.jdora.runtime.ExternalInput;
import dev.jdora.runtime.ops.RunStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's side of {@link OpsProtocol}: answers status, stop, tap and join ({@link DynamicJoin}) requests that come on the control socket (only
 * from this user: {@link ControlServer} checks the peer first). A tap gets a subscriber id of its own
 * ({@code ~tap-N}; no node input can be named so) and reads the output through the transport in its own process, with
 * the queue size and policy it asked for; when its connection ends — closed, or its process killed — the run tells
 * the transport that the subscriber is gone, so a dead tap never holds the writer or a slot: a {@code backpressure}
 * tap (an attached {@code jdora record}) that the writer waits for is released at once, and the writer, which
 * re-checks its readers' slots while it waits, goes on. Live taps are listed as readers in the status. Thread-safe:
 * called on connection threads.
 */
final class RunOps {

    /** What the run tells about itself. */
    interface Run {
        /** {@code starting}, {@code running} or {@code stopping}. */
        String state();

        /** {@code running}, {@code finished} or {@code failed}, and why. */
        RunStatus.NodeStatus node(String nodeId);

        /** Stop, with this grace period instead of the run's own if given. */
        void stop(Optional<Duration> grace);

        /** Lets a process started by hand join as dynamic node {@code nodeId} ({@link DynamicJoin}), or says why not. */
        default DynamicJoin.Grant join(String nodeId) throws DynamicJoin.Refused {
            throw new DynamicJoin.Refused("this run takes no dynamic nodes");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunOps.class);

    private final Dataflow dataflow;
    private final Transport transport;
    private final Run run;
    private final AtomicLong taps = new AtomicLong();
    /** The live taps as readers of their topics, by subscriber id. */
    private final Map<String, Tapping> live = new ConcurrentHashMap<>();

    private record Tapping(String topic, ChannelId channel, QueuePolicy policy, int queueSize) {
    }

    RunOps(Dataflow dataflow, Transport transport, Run run) {
        this.dataflow = dataflow;
        this.transport = transport;
        this.run = run;
    }

    /** Serves one operator's connection, whose first line was {@code request}; returns when it may be closed. */
    void serve(String request, ControlServer.Connection connection) throws IOException {
        String[] words = request.substring(OpsProtocol.PREFIX.length()).trim().split(" +");
        switch (words[0]) {
            case OpsProtocol.STATUS -> {
                for (String line : OpsProtocol.encode(status())) {
                    connection.sendLine(line);
                }
                connection.sendLine(OpsProtocol.END);
            }
            case OpsProtocol.STOP -> {
                run.stop(words.length > 1 ? Optional.of(Duration.ofMillis(Long.parseLong(words[1])))
                        : Optional.empty());
                connection.sendLine(OpsProtocol.OK);
            }
            case OpsProtocol.TAP -> tap(words, connection);
            case DynamicJoin.JOIN -> join(words, connection);
            default -> connection.sendLine(OpsProtocol.ERR + " unknown request '" + words[0] + "'");
        }
    }

    private void join(String[] words, ControlServer.Connection connection) throws IOException {
        try {
            if (words.length != 2) {
                throw new DynamicJoin.Refused("bad join: name one node");
            }
            DynamicJoin.Grant grant = run.join(words[1]);
            connection.sendLine(DynamicJoin.granted(grant.config(), grant.secret()));
        } catch (DynamicJoin.Refused e) {
            LOG.warn("refused a dynamic node: {}", e.getMessage());
            connection.sendLine(OpsProtocol.ERR + " " + e.getMessage());
        }
    }

    private void tap(String[] words, ControlServer.Connection connection) throws IOException {
        Optional<ChannelId> channel = words.length == 3 || words.length == 4 ? channel(words[1]) : Optional.empty();
        if (channel.isEmpty()) {
            connection.sendLine(OpsProtocol.ERR + " no output '" + (words.length > 1 ? words[1] : "") + "'");
            return;
        }
        int size = words[2].matches("[1-9][0-9]{0,6}") ? Integer.parseInt(words[2]) : 0;
        Optional<QueuePolicy> policy = words.length == 3 ? Optional.of(QueuePolicy.DROP_OLDEST)
                : Arrays.stream(QueuePolicy.values()).filter(p -> p.yamlName().equals(words[3])).findFirst();
        if (size == 0 || policy.isEmpty()) {
            connection.sendLine(OpsProtocol.ERR + " bad tap: queue size '" + words[2] + "' (1 to 9999999), policy '"
                    + (words.length == 4 ? words[3] : "") + "' (drop_oldest or backpressure)");
            return;
        }
        String subscriber = "~tap-" + taps.incrementAndGet();
        connection.sendLine(OpsProtocol.OK + " " + subscriber);
        try {
            for (String line = connection.readLine(); line != null; line = connection.readLine()) {
                if (line.equals(OpsProtocol.ATTACHED) && !live.containsKey(subscriber)) {
                    live.put(subscriber, new Tapping(words[1], channel.get(), policy.get(), size));
                    if (policy.get() == QueuePolicy.BACKPRESSURE) {
                        LOG.info("a backpressure tap ({}) reads {}: its writer waits for it while it lasts",
                                subscriber, words[1]);
                    }
                }
                // a tap says nothing more: its connection's end is its end
            }
        } finally {
            LOG.debug("tap {} on {} ended", subscriber, channel.get());
            transport.subscriberGone(channel.get(), subscriber);
            if (live.remove(subscriber) != null && policy.get() == QueuePolicy.BACKPRESSURE) {
                LOG.info("the backpressure tap ({}) of {} has ended", subscriber, words[1]);
            }
        }
    }

    private Optional<ChannelId> channel(String topic) {
        return OpsProtocol.channel(topic).filter(id -> dataflow.node(id.nodeId())
                .filter(n -> n.outputs().contains(id.outputId())).isPresent());
    }

    RunStatus status() {
        List<RunStatus.NodeStatus> nodes = new ArrayList<>();
        Map<String, List<RunStatus.ReaderStatus>> readers = new LinkedHashMap<>();
        for (NodeSpec node : dataflow.nodes()) {
            nodes.add(run.node(node.id()));
            node.outputs().forEach(o -> readers.put(node.id() + "/" + o, new ArrayList<>()));
        }
        for (NodeSpec node : dataflow.nodes()) {
            for (InputSpec input : node.inputs()) {
                if (input.source() instanceof InputSource.NodeOutput source && readers.containsKey(source.text())) {
                    String subscriber = node.id() + "/" + input.id();
                    readers.get(source.text()).add(new RunStatus.ReaderStatus(subscriber,
                            input.queuePolicy() == QueuePolicy.BACKPRESSURE ? "backpressure" : "drop_oldest",
                            input.queueSize(), transport.droppedCount(channelOf(source), subscriber)));
                }
            }
        }
        live.forEach((subscriber, tap) -> readers.get(tap.topic()).add(new RunStatus.ReaderStatus(subscriber,
                tap.policy().yamlName(), tap.queueSize(), transport.droppedCount(tap.channel(), subscriber))));
        List<RunStatus.TopicStatus> topics = new ArrayList<>();
        readers.forEach((name, list) -> {
            ChannelId id = channel(name).orElseThrow();
            boolean external = dataflow.node(id.nodeId()).flatMap(NodeSpec::className)
                    .filter(ExternalInput.class.getName()::equals).isPresent();
            topics.add(new RunStatus.TopicStatus(name, transport.messagesSent(id), list, external));
        });
        return new RunStatus(run.state(), nodes, topics);
    }

    private static ChannelId channelOf(InputSource.NodeOutput source) {
        return new ChannelId(source.nodeId(), source.outputId());
    }
}
