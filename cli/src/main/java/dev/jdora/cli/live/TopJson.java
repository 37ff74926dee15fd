package dev.jdora.cli.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code jdora top --once --json}: one document for scripts. Field names in snake case; a value that cannot be known
 * (CPU of a process that ended, the queue depth of a timer input, a rate from one sample) is {@code null}; latencies
 * in milliseconds, memory in bytes. Stateless.
 *
 * <pre>
 * {"interval_seconds": 1.0, "dataflows": [{"name": "cam", "id": "…", "state": "running", "nodes": [
 *   {"node": "camera", "state": "running", "pid": 4711, "cpu_percent": 3.1, "rss_bytes": 52428800,
 *    "in_per_second": 30.0, "out_per_second": 30.0, "received": 912, "sent": 912, "dropped": 0,
 *    "inputs": [{"input": "tick", "source": "dora/timer/millis/33", "queue_policy": "drop_oldest",
 *                "per_second": 30.0, "received": 912, "dropped": 0, "queue_depth": null,
 *                "latency_p50_ms": 0.2, "latency_p99_ms": 0.9}],
 *    "outputs": [{"output": "image", "per_second": 30.0, "sent": 912, "bytes": 840499200}]}]}]}
 * </pre>
 */
final class TopJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TopJson() {
    }

    /** The document for rows of the given runs ({@code runs} and {@code rows} in the same order). */
    static String write(double intervalSeconds, List<RunSample> runs, List<List<NodeRow>> rows) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("interval_seconds", intervalSeconds);
        ArrayNode dataflows = root.putArray("dataflows");
        for (int i = 0; i < runs.size(); i++) {
            RunSample run = runs.get(i);
            ObjectNode dataflow = dataflows.addObject();
            dataflow.put("name", run.run().name());
            dataflow.put("id", run.run().id());
            dataflow.put("state", run.state());
            ArrayNode nodes = dataflow.putArray("nodes");
            rows.get(i).forEach(row -> node(nodes.addObject(), row));
        }
        return root.toPrettyString();
    }

    static void node(ObjectNode node, NodeRow row) {
        node.put("node", row.node());
        node.put("state", row.state());
        node.put("pid", row.pid());
        number(node, "cpu_percent", row.cpuPercent());
        if (row.rssBytes() < 0) {
            node.putNull("rss_bytes");
        } else {
            node.put("rss_bytes", row.rssBytes());
        }
        number(node, "in_per_second", row.inPerSecond());
        number(node, "out_per_second", row.outPerSecond());
        node.put("received", row.received());
        node.put("sent", row.sent());
        node.put("dropped", row.dropped());
        ArrayNode inputs = node.putArray("inputs");
        for (NodeRow.InputRow in : row.inputs()) {
            ObjectNode input = inputs.addObject();
            input.put("input", in.input());
            input.put("source", in.source());
            input.put("queue_policy", in.queuePolicy());
            number(input, "per_second", in.perSecond());
            input.put("received", in.received());
            input.put("dropped", in.dropped());
            if (in.queueDepth() < 0) {
                input.putNull("queue_depth");
            } else {
                input.put("queue_depth", in.queueDepth());
            }
            input.put("latency_p50_ms", in.p50Nanos() / 1e6);
            input.put("latency_p99_ms", in.p99Nanos() / 1e6);
        }
        ArrayNode outputs = node.putArray("outputs");
        for (NodeRow.OutputRow out : row.outputs()) {
            ObjectNode output = outputs.addObject();
            output.put("output", out.output());
            number(output, "per_second", out.perSecond());
            output.put("sent", out.sent());
            output.put("bytes", out.bytes());
        }
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 1000) / 1000.0);
        }
    }
}
