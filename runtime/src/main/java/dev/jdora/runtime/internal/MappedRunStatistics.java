package dev.jdora.runtime.internal;

import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.core.internal.stats.NodeStats;
import dev.jdora.core.internal.stats.StatsDescription;
import dev.jdora.core.internal.stats.StatsLayout;
import dev.jdora.runtime.stats.InputCounters;
import dev.jdora.runtime.stats.InputStatistics;
import dev.jdora.runtime.stats.Latency;
import dev.jdora.runtime.stats.NodeState;
import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.OutputCounters;
import dev.jdora.runtime.stats.OutputStatistics;
import dev.jdora.runtime.stats.RunStatistics;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link RunStatistics} over the {@link NodeStats} of a run: the run's own (in dataflow order), or the files of a run
 * directory mapped read-only (by node id). Not API. Thread-safe: it only reads.
 */
public final class MappedRunStatistics implements RunStatistics {

    private final String runId;
    private final String dataflow;
    private final Map<String, NodeStats> nodes;
    private final List<String> order;

    /** @param nodes in the order {@link #nodeIds()} gives */
    MappedRunStatistics(String runId, String dataflow, Map<String, NodeStats> nodes) {
        this.runId = runId;
        this.dataflow = dataflow;
        this.nodes = Map.copyOf(nodes);
        this.order = List.copyOf(nodes.keySet());
    }

    /** Implements {@link RunStatistics#open}: the run directory and its {@code stats/} must be ours and 0700. */
    public static RunStatistics open(Path runDirectory) throws IOException {
        Path dir = StatsLayout.directoryOf(runDirectory);
        OwnerOnly.check(runDirectory);
        OwnerOnly.check(dir);
        Map<String, NodeStats> nodes = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + StatsLayout.SUFFIX)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    NodeStats stats = NodeStats.readOnly(file);
                    nodes.put(stats.description().nodeId(), stats);
                }
            }
        }
        if (nodes.isEmpty()) {
            throw new IOException(dir + ": no statistics in this run directory");
        }
        return new MappedRunStatistics(String.valueOf(runDirectory.getFileName()), nodes.values().iterator().next().description().dataflow(),
                new LinkedHashMap<>(nodes));
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String dataflow() {
        return dataflow;
    }

    @Override
    public List<String> nodeIds() {
        return order;
    }

    @Override
    public List<NodeStatistics> snapshot() {
        List<NodeStatistics> all = new ArrayList<>();
        order.forEach(id -> all.add(snapshot(id, nodes.get(id))));
        return all;
    }

    @Override
    public Optional<NodeStatistics> node(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId)).map(stats -> snapshot(nodeId, stats));
    }

    private NodeStatistics snapshot(String nodeId, NodeStats stats) {
        StatsDescription description = stats.description();
        List<InputStatistics> inputs = new ArrayList<>();
        for (StatsDescription.Input input : description.inputs()) {
            Input counters = input(nodeId, input.id());
            inputs.add(new InputStatistics(input.id(), input.source(), input.policy(), counters.received(),
                    counters.dropped(), counters.queueDepth(), counters.latency()));
        }
        List<OutputStatistics> outputs = new ArrayList<>();
        for (String output : description.outputs()) {
            Output counters = output(nodeId, output);
            outputs.add(new OutputStatistics(output, counters.sent(), counters.bytes()));
        }
        return new NodeStatistics(nodeId, NodeState.values()[Math.min(stats.state(), NodeState.values().length - 1)],
                stats.pid(), inputs, outputs);
    }

    private NodeStats stats(String nodeId) {
        NodeStats stats = nodes.get(nodeId);
        if (stats == null) {
            throw new IllegalArgumentException("no node '" + nodeId + "' in the statistics of dataflow '" + dataflow
                    + "' (nodes: " + order + ")");
        }
        return stats;
    }

    @Override
    public Input input(String nodeId, String inputId) {
        NodeStats stats = stats(nodeId);
        int index = stats.description().inputIndex(inputId);
        if (index < 0) {
            throw new IllegalArgumentException("node '" + nodeId + "' has no input '" + inputId + "'");
        }
        String source = stats.description().inputs().get(index).source();
        int slash = source.indexOf('/');
        NodeStats upstream = nodes.get(source.substring(0, slash));
        int output = upstream == null ? -1 : upstream.description().outputs().indexOf(source.substring(slash + 1));
        return new Input(stats, index, output < 0 ? null : new Output(upstream, output));
    }

    @Override
    public Output output(String nodeId, String outputId) {
        NodeStats stats = stats(nodeId);
        int index = stats.description().outputs().indexOf(outputId);
        if (index < 0) {
            throw new IllegalArgumentException("node '" + nodeId + "' has no output '" + outputId + "'");
        }
        return new Output(stats, index);
    }

    /** The live counters of one input; its source's counters give the queue depth. */
    record Input(NodeStats stats, int index, @Nullable Output source)
            implements InputCounters {
        @Override
        public long received() {
            return stats.received(index);
        }

        @Override
        public long dropped() {
            return stats.dropped(index);
        }

        @Override
        public OptionalLong queueDepth() {
            if (source == null) {
                return OptionalLong.empty();
            }
            long taken = received() + dropped(); // read before sent: what was taken had been sent
            return OptionalLong.of(Math.max(0, source.sent() - taken));
        }

        @Override
        public long latencyTotalNanos() {
            return stats.latencyTotalNanos(index);
        }

        @Override
        public Latency latency() {
            long[] buckets = new long[StatsLayout.BUCKETS];
            stats.latencyBuckets(index, buckets);
            long count = 0;
            for (long b : buckets) {
                count += b;
            }
            long max = stats.latencyMaxNanos(index);
            return new Latency(count, latencyTotalNanos(), max, percentile(buckets, count, 0.50, max),
                    percentile(buckets, count, 0.99, max));
        }

        /** The middle of the bucket that holds the {@code q} quantile, never above the maximum. */
        static long percentile(long[] buckets, long count, double q, long max) {
            if (count == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(q * count));
            long seen = 0;
            for (int b = 0; b < buckets.length; b++) {
                seen += buckets[b];
                if (seen >= rank) {
                    long low = StatsLayout.lowerBound(b);
                    long high = StatsLayout.upperBound(b);
                    return Math.min(max, high == Long.MAX_VALUE ? low : low + (high - low) / 2);
                }
            }
            return max;
        }
    }

    /** The live counters of one output. */
    record Output(NodeStats stats, int index) implements OutputCounters {
        @Override
        public long sent() {
            return stats.sent(index);
        }

        @Override
        public long bytes() {
            return stats.bytes(index);
        }
    }
}
