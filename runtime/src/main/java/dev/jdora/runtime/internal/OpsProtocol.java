package dev.jdora.runtime.internal;

import dev.jdora.core.transport.ChannelId;
import dev.jdora.runtime.ops.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requests a run answers on its control socket besides its nodes' lifecycle, one UTF-8 line each, fields
 * separated by tabs. A connection whose first line starts with {@code OPS} is an operator, not a node:
 *
 * <pre>
 *  OPS STATUS         → run STATE · node ID STATE ERROR · topic NAME SENT EXTERNAL
 *                       · reader TOPIC INPUT POLICY QUEUE_SIZE DROPPED · END
 *  OPS STOP [MILLIS]  → OK
 *  OPS TAP TOPIC SIZE [POLICY]
 *                     → OK SUBSCRIBER_ID (the tap lasts as long as the connection) | ERR WHY
 *                     ← ATTACHED (the tap reads from its slot now)
 *  OPS JOIN NODE      → OK CONFIG_FILE SECRET | ERR WHY (a dynamic node joins: {@code DynamicJoin})
 * </pre>
 *
 * A tap's {@code POLICY} is {@code drop_oldest} (the default) or {@code backpressure}; once it has said
 * {@value #ATTACHED}, a tap is listed in the status as a reader of its topic, until its connection ends. Anything else is answered {@code ERR}. Stateless.
 */
public final class OpsProtocol {

    public static final String PREFIX = "OPS ";
    public static final String STATUS = "STATUS";
    public static final String STOP = "STOP";
    public static final String TAP = "TAP";
    public static final String OK = "OK";
    public static final String ERR = "ERR";
    public static final String END = "END";
    public static final String ATTACHED = "ATTACHED";
    public static final String DENIED = "ERR permission denied";

    private OpsProtocol() {
    }

    /** The lines of {@code status}, without the closing {@value #END}. */
    static List<String> encode(RunStatus status) {
        List<String> lines = new ArrayList<>();
        lines.add(line("run", status.state()));
        status.nodes().forEach(n -> lines.add(line("node", n.id(), n.state(), n.error())));
        for (RunStatus.TopicStatus t : status.topics()) {
            lines.add(line("topic", t.name(), Long.toString(t.sent()), Boolean.toString(t.external())));
            t.readers().forEach(r -> lines.add(line("reader", t.name(), r.input(), r.policy(),
                    Integer.toString(r.queueSize()), Long.toString(r.dropped()))));
        }
        return lines;
    }

    /** The status from its lines (without {@value #END}). */
    static RunStatus decode(List<String> lines) {
        String state = "unknown";
        List<RunStatus.NodeStatus> nodes = new ArrayList<>();
        Map<String, String[]> topics = new LinkedHashMap<>();
        Map<String, List<RunStatus.ReaderStatus>> readers = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "run" -> state = f[1];
                case "node" -> nodes.add(new RunStatus.NodeStatus(f[1], f[2], f[3]));
                case "topic" -> {
                    topics.put(f[1], f);
                    readers.put(f[1], new ArrayList<>());
                }
                case "reader" -> readers.get(f[1]).add(new RunStatus.ReaderStatus(f[2], f[3], Integer.parseInt(f[4]),
                        Long.parseLong(f[5])));
                default -> throw new IllegalArgumentException("unknown status line: " + line);
            }
        }
        List<RunStatus.TopicStatus> topicList = new ArrayList<>();
        topics.forEach((name, f) -> topicList.add(new RunStatus.TopicStatus(name, Long.parseLong(f[2]),
                readers.get(name), Boolean.parseBoolean(f[3]))));
        return new RunStatus(state, nodes, topicList);
    }

    /**
     * Topic {@code node/output} as the channel it names (the node is what comes before the first {@code /}: a
     * timer's topic {@code dora/timer/millis/10} is output {@code timer/millis/10} of {@code dora}); empty if there is
     * no node or no output.
     */
    static Optional<ChannelId> channel(String topic) {
        int slash = topic.indexOf('/');
        if (slash <= 0 || slash == topic.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new ChannelId(topic.substring(0, slash), topic.substring(slash + 1)));
    }

    static String line(String... fields) {
        List<String> clean = new ArrayList<>();
        for (String field : fields) {
            clean.add(field.replaceAll("[\\t\\r\\n]+", " "));
        }
        return String.join("\t", clean);
    }
}
