package dev.jdora.cli.live;

import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.stats.InputStatistics;
import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.OutputStatistics;
import dev.jdora.runtime.stats.ProcessUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code jdora top} shows of one node: its counters in the later of two samples, and rates between them.
 * Immutable. A value that cannot be known is {@link Double#NaN} (CPU of a process that ended) or -1 (memory, queue
 * depth of a timer input).
 *
 * @param dataflow     the run's name
 * @param node         the node id
 * @param state        {@code starting}, {@code running}, {@code finished} or {@code failed}
 * @param pid          its process (the daemon's for a node run as a thread, which then shares its CPU and memory)
 * @param cpuPercent   CPU between the samples, in percent of one core
 * @param rssBytes     resident memory of its process
 * @param inPerSecond  messages received per second on all inputs
 * @param outPerSecond messages sent per second on all outputs
 * @param inputs       its inputs
 * @param outputs      its outputs
 */
record NodeRow(String dataflow, String node, String state, long pid, double cpuPercent, long rssBytes,
               double inPerSecond, double outPerSecond, List<InputRow> inputs, List<OutputRow> outputs) {

    NodeRow {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * @param input      the input id ({@code operator/input} for an operator's)
     * @param source     {@code node/output} or the timer
     * @param perSecond  messages received per second
     * @param queueDepth messages waiting, -1 for a timer input
     * @param p50Nanos   latency median, send to delivery
     * @param p99Nanos   latency 99th percentile
     */
    record InputRow(String input, String source, String queuePolicy, double perSecond, long received, long dropped,
                    long queueDepth, long p50Nanos, long p99Nanos) {
    }

    /** @param output the output id */
    record OutputRow(String output, double perSecond, long sent, long bytes) {
    }

    long received() {
        return inputs.stream().mapToLong(InputRow::received).sum();
    }

    long sent() {
        return outputs.stream().mapToLong(OutputRow::sent).sum();
    }

    long dropped() {
        return inputs.stream().mapToLong(InputRow::dropped).sum();
    }

    /** The deepest queue of its inputs, -1 if none has one. */
    long queueDepth() {
        return inputs.stream().mapToLong(InputRow::queueDepth).max().orElse(-1);
    }

    long p50Nanos() {
        return inputs.stream().mapToLong(InputRow::p50Nanos).max().orElse(0);
    }

    long p99Nanos() {
        return inputs.stream().mapToLong(InputRow::p99Nanos).max().orElse(0);
    }

    /** One row per node of {@code after}, with rates since {@code before} (a sample of the same run). */
    static List<NodeRow> between(RunSample before, RunSample after) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        List<NodeRow> rows = new ArrayList<>();
        for (NodeStatistics now : after.nodes()) {
            Optional<NodeStatistics> then = before.nodes().stream().filter(n -> n.nodeId().equals(now.nodeId()))
                    .findFirst();
            List<InputRow> inputs = new ArrayList<>();
            for (InputStatistics in : now.inputs()) {
                long received0 = then.flatMap(n -> n.inputs().stream().filter(i -> i.inputId().equals(in.inputId()))
                        .findFirst()).map(InputStatistics::received).orElse(in.received());
                inputs.add(new InputRow(in.inputId(), in.source(), in.queuePolicy(),
                        rate(in.received() - received0, seconds), in.received(), in.dropped(),
                        depth(in.queueDepth()), in.latency().p50Nanos(), in.latency().p99Nanos()));
            }
            List<OutputRow> outputs = new ArrayList<>();
            for (OutputStatistics out : now.outputs()) {
                long sent0 = then.flatMap(n -> n.outputs().stream().filter(o -> o.outputId().equals(out.outputId()))
                        .findFirst()).map(OutputStatistics::sent).orElse(out.sent());
                outputs.add(new OutputRow(out.outputId(), rate(out.sent() - sent0, seconds), out.sent(), out.bytes()));
            }
            ProcessUsage usage = after.usage().get(now.nodeId());
            ProcessUsage usage0 = before.usage().get(now.nodeId());
            boolean sameProcess = then.filter(n -> n.pid() == now.pid()).isPresent(); // not restarted in between
            double cpu = usage == null || usage0 == null || !sameProcess ? Double.NaN
                    : usage.cpuPercentSince(usage0, seconds);
            rows.add(new NodeRow(after.run().name(), now.nodeId(), state(after, now), now.pid(), cpu,
                    usage == null ? -1 : usage.rssBytes(),
                    inputs.stream().mapToDouble(InputRow::perSecond).sum(),
                    outputs.stream().mapToDouble(OutputRow::perSecond).sum(), inputs, outputs));
        }
        return rows;
    }

    /** The run's word for a node that ended (it knows failures); the statistics' for one starting or running. */
    private static String state(RunSample sample, NodeStatistics node) {
        String reported = sample.nodeStates().get(node.nodeId());
        if (reported != null && !reported.equals(RunStatus.NodeStatus.RUNNING)) {
            return reported;
        }
        return node.state().name().toLowerCase(Locale.ROOT);
    }

    private static double rate(long count, double seconds) {
        return seconds <= 0 ? Double.NaN : count / seconds;
    }

    private static long depth(OptionalLong depth) {
        return depth.isPresent() ? depth.getAsLong() : -1;
    }
}
