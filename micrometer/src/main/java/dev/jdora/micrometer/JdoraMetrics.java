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
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Meters over the statistics of a run, or of one node of it, read when the registry reads them:
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
 * sender's timestamp to the moment the node took the message. Every meter also has the tag {@code run}, the run's id:
 * two runs of one dataflow have meters of their own.
 *
 * <pre>{@code
 * DataflowRun run = DataflowRunner.start(dataflow, RunOptions.defaults());
 * try (JdoraMetrics.Binding meters = JdoraMetrics.forRun(run.statistics()).bind(registry)) {
 *     run.await();
 * }                                                   // the run's meters are removed from the registry
 * }</pre>
 *
 * <p><b>References.</b> The meters hold the counters they read strongly (and through them the statistics, which for
 * {@link RunStatistics#open} keep the run's statistics files mapped) until they are removed: close the
 * {@link Binding} that {@link #bind} returns when the run is of no more interest. {@link #bindTo} (the
 * {@code MeterBinder} contract) keeps them for the registry's life. Binding a run's meters to a registry that has
 * them already returns the meters it has (Micrometer's rule for equal ids).
 *
 * <p><b>Threads.</b> Immutable; bind and close from any thread. The registry reads the counters on its own threads
 * without locking; nothing is recorded on the data path.
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

    /** Registers the meters in {@code registry} for the registry's life; see {@link #bind} for a handle. */
    @Override
    public void bindTo(MeterRegistry registry) {
        bind(registry);
    }

    /**
     * Registers the meters in {@code registry}.
     *
     * @return the handle that removes them from {@code registry}
     */
    public Binding bind(MeterRegistry registry) {
        List<Meter> meters = new ArrayList<>();
        List<String> nodes = nodeId.map(List::of).orElseGet(statistics::nodeIds);
        for (String node : nodes) {
            NodeStatistics snapshot = statistics.node(node).orElseThrow();
            Tags nodeTags = extraTags.and("dataflow", statistics.dataflow(), "run", statistics.runId(), "node", node);
            for (InputStatistics input : snapshot.inputs()) {
                bindInput(registry, statistics.input(node, input.inputId()), nodeTags.and("input", input.inputId()),
                        meters);
            }
            for (OutputStatistics output : snapshot.outputs()) {
                bindOutput(registry, statistics.output(node, output.outputId()),
                        nodeTags.and("output", output.outputId()), meters);
            }
        }
        return new Binding(registry, meters);
    }

    // Each function captures its counters: the registry holds the state object weakly, the function strongly.
    private static void bindInput(MeterRegistry registry, InputCounters counters, Tags tags, List<Meter> meters) {
        meters.add(FunctionCounter.builder("jdora.input.received", counters, c -> counters.received())
                .description("Messages the node took from this input").baseUnit(BaseUnits.MESSAGES).tags(tags)
                .register(registry));
        meters.add(FunctionCounter.builder("jdora.input.dropped", counters, c -> counters.dropped())
                .description("Messages dropped by drop_oldest, or unread when the input closed")
                .baseUnit(BaseUnits.MESSAGES).tags(tags).register(registry));
        meters.add(Gauge.builder("jdora.input.queue.depth", counters, c -> {
            var depth = counters.queueDepth();
            return depth.isPresent() ? depth.getAsLong() : Double.NaN;
        }).strongReference(true).description("Messages sent to this input and not yet received or dropped")
                .baseUnit(BaseUnits.MESSAGES).tags(tags).register(registry));
        meters.add(FunctionTimer.builder("jdora.input.latency", counters, c -> counters.received(),
                c -> counters.latencyTotalNanos(), TimeUnit.NANOSECONDS)
                .description("Send to delivery: from the sender's timestamp to the node taking the message")
                .tags(tags).register(registry));
    }

    private static void bindOutput(MeterRegistry registry, OutputCounters counters, Tags tags, List<Meter> meters) {
        meters.add(FunctionCounter.builder("jdora.output.sent", counters, c -> counters.sent())
                .description("Messages the node sent on this output").baseUnit(BaseUnits.MESSAGES).tags(tags)
                .register(registry));
        meters.add(FunctionCounter.builder("jdora.output.bytes", counters, c -> counters.bytes())
                .description("Bytes the node sent on this output (Arrow buffers)").baseUnit(BaseUnits.BYTES)
                .tags(tags).register(registry));
    }

    /**
     * The meters that {@link #bind} registered: {@link #close()} removes them from their registry (and so releases the
     * counters they hold). Idempotent; any thread.
     */
    public static final class Binding implements AutoCloseable {

        private final MeterRegistry registry;
        private final List<Meter> meters;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Binding(MeterRegistry registry, List<Meter> meters) {
            this.registry = registry;
            this.meters = List.copyOf(meters);
        }

        /** The meters registered, in the order of the nodes and their inputs, then outputs. */
        public List<Meter> meters() {
            return meters;
        }

        /** Removes the meters from the registry. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                meters.forEach(registry::remove);
            }
        }
    }
}
