package dev.jdora.micrometer;

import dev.jdora.runtime.stats.InputCounters;
import dev.jdora.runtime.stats.InputStatistics;
import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.OutputCounters;
import dev.jdora.runtime.stats.OutputStatistics;
import dev.jdora.runtime.stats.RunStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Meters over the statistics of a run, or of one node of it (all read when the registry reads them; nothing is
 * recorded on the data path):
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>type</th><th>unit</th><th>tags</th></tr>
 *   <tr><td>{@code jdora.input.received}</td><td>counter</td><td>messages</td><td>dataflow, node, input</td></tr>
 *   <tr><td>{@code jdora.input.dropped}</td><td>counter</td><td>messages</td><td>dataflow, node, input</td></tr>
 *   <tr><td>{@code jdora.input.queue.depth}</td><td>gauge</td><td>messages</td><td>dataflow, node, input</td></tr>
 *   <tr><td>{@code jdora.input.latency}</td><td>timer (count, total)</td><td>seconds</td>
 *       <td>dataflow, node, input</td></tr>
 *   <tr><td>{@code jdora.output.sent}</td><td>counter</td><td>messages</td><td>dataflow, node, output</td></tr>
 *   <tr><td>{@code jdora.output.bytes}</td><td>counter</td><td>bytes</td><td>dataflow, node, output</td></tr>
 * </table>
 * The queue depth of a timer input is NaN (timers keep no counters). The latency is send → delivery: from the
 * sender's timestamp to the moment the node took the message.
 *
 * <pre>{@code
 * DataflowRun run = DataflowRunner.start(dataflow, RunOptions.defaults());
 * JdoraMetrics.forRun(run.statistics()).bindTo(registry);
 * }</pre>
 *
 * <p><b>References.</b> Like every Micrometer function meter, the meters hold the {@link RunStatistics} weakly: they
 * read it as long as something else keeps it (a {@code DataflowRun} keeps its own). Bind once per registry.
 */
public final class JdoraMetrics implements MeterBinder {

    private final RunStatistics statistics;
    private final Optional<String> nodeId;
    private final Tags extraTags;

    private JdoraMetrics(RunStatistics statistics, Optional<String> nodeId, Tags extraTags) {
        this.statistics = statistics;
        this.nodeId = nodeId;
        this.extraTags = extraTags;
    }

    /** Meters for every node of the run. */
    public static JdoraMetrics forRun(RunStatistics statistics) {
        return new JdoraMetrics(statistics, Optional.empty(), Tags.empty());
    }

    /**
     * Meters for node {@code nodeId} only.
     *
     * @throws IllegalArgumentException if the run has no such node
     */
    public static JdoraMetrics forNode(RunStatistics statistics, String nodeId) {
        if (!statistics.nodeIds().contains(nodeId)) {
            throw new IllegalArgumentException("no node '" + nodeId + "' in dataflow '" + statistics.dataflow()
                    + "' (nodes: " + statistics.nodeIds() + ")");
        }
        return new JdoraMetrics(statistics, Optional.of(nodeId), Tags.empty());
    }

    /** These meters with {@code tags} added to each. */
    public JdoraMetrics withTags(Iterable<io.micrometer.core.instrument.Tag> tags) {
        return new JdoraMetrics(statistics, nodeId, extraTags.and(tags));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        List<String> nodes = nodeId.map(List::of).orElseGet(statistics::nodeIds);
        for (String node : nodes) {
            NodeStatistics snapshot = statistics.node(node).orElseThrow();
            Tags nodeTags = extraTags.and("dataflow", statistics.dataflow(), "node", node);
            for (InputStatistics input : snapshot.inputs()) {
                bindInput(registry, node, input.inputId(), nodeTags.and("input", input.inputId()));
            }
            for (OutputStatistics output : snapshot.outputs()) {
                bindOutput(registry, node, output.outputId(), nodeTags.and("output", output.outputId()));
            }
        }
    }

    private void bindInput(MeterRegistry registry, String node, String input, Tags tags) {
        InputCounters counters = statistics.input(node, input);
        FunctionCounter.builder("jdora.input.received", statistics, s -> counters.received())
                .description("Messages the node took from this input").baseUnit(BaseUnits.MESSAGES).tags(tags)
                .register(registry);
        FunctionCounter.builder("jdora.input.dropped", statistics, s -> counters.dropped())
                .description("Messages dropped by drop_oldest, or unread when the input closed")
                .baseUnit(BaseUnits.MESSAGES).tags(tags).register(registry);
        Gauge.builder("jdora.input.queue.depth", statistics, s -> {
            var depth = counters.queueDepth();
            return depth.isPresent() ? depth.getAsLong() : Double.NaN;
        }).description("Messages sent to this input and not yet received or dropped").baseUnit(BaseUnits.MESSAGES)
                .tags(tags).register(registry);
        FunctionTimer.builder("jdora.input.latency", statistics, s -> counters.received(),
                s -> counters.latencyTotalNanos(), TimeUnit.NANOSECONDS)
                .description("Send to delivery: from the sender's timestamp to the node taking the message")
                .tags(tags).register(registry);
    }

    private void bindOutput(MeterRegistry registry, String node, String output, Tags tags) {
        OutputCounters counters = statistics.output(node, output);
        FunctionCounter.builder("jdora.output.sent", statistics, s -> counters.sent())
                .description("Messages the node sent on this output").baseUnit(BaseUnits.MESSAGES).tags(tags)
                .register(registry);
        FunctionCounter.builder("jdora.output.bytes", statistics, s -> counters.bytes())
                .description("Bytes the node sent on this output (Arrow buffers)").baseUnit(BaseUnits.BYTES)
                .tags(tags).register(registry);
    }
}
