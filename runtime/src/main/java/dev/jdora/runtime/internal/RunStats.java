package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.core.internal.stats.NodeStats;
import dev.jdora.core.internal.stats.RecordingReader;
import dev.jdora.core.internal.stats.RecordingWriter;
import dev.jdora.core.internal.stats.StatsDescription;
import dev.jdora.core.internal.stats.StatsLayout;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.stats.RunStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The statistics of one run: creates each node's statistics before any node starts — a file in the run directory's
 * {@code stats/} (0700, files 0600; see {@code dev.jdora.core.internal.stats}), which node processes attach to, or
 * direct memory when the run has no directory — wraps the readers and writers of thread nodes so they count, and
 * closes each node's statistics when it ends (its state, the transport's final drop counts). The files go with the
 * run directory. Thread-safe after construction.
 */
final class RunStats {

    private final Map<String, NodeStats> nodes = new LinkedHashMap<>();
    private final MappedRunStatistics view;

    /**
     * @param runId        the run's id
     * @param dataflow     the flattened dataflow (operators' inputs and outputs on their node)
     * @param runDirectory where the files go; null for statistics in memory
     */
    RunStats(String runId, Dataflow dataflow, @Nullable Path runDirectory) {
        String name = dataflow.stem();
        try {
            if (runDirectory != null) {
                OwnerOnly.createDirectory(StatsLayout.directoryOf(runDirectory));
            }
            for (NodeSpec node : dataflow.nodes()) {
                StatsDescription description = describe(name, node);
                nodes.put(node.id(), runDirectory == null ? NodeStats.inMemory(description)
                        : NodeStats.create(StatsLayout.fileOf(runDirectory, node.id()), description));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the statistics of the run in " + runDirectory + ": "
                    + e.getMessage(), e);
        }
        this.view = new MappedRunStatistics(runId, name, nodes);
    }

    private static StatsDescription describe(String dataflow, NodeSpec node) {
        List<StatsDescription.Input> inputs = new ArrayList<>();
        for (InputSpec input : node.inputs()) {
            inputs.add(new StatsDescription.Input(input.id(), input.source().text(), input.queuePolicy().yamlName()));
        }
        return new StatsDescription(dataflow, node.id(), inputs, node.outputs());
    }

    RunStatistics view() {
        return view;
    }

    /** A node run as a thread of this process has started. */
    void startedInThisProcess(String nodeId) {
        nodes.get(nodeId).setState(NodeStats.RUNNING, ProcessHandle.current().pid());
    }

    /** {@code reader}, counting in input {@code inputId} of node {@code nodeId}. */
    InputReader record(String nodeId, String inputId, InputReader reader) {
        NodeStats stats = nodes.get(nodeId);
        return new RecordingReader(reader, stats.input(stats.description().inputIndex(inputId)));
    }

    /** {@code writer}, counting in output {@code outputId} of node {@code nodeId}. */
    OutputWriter record(String nodeId, String outputId, OutputWriter writer) {
        NodeStats stats = nodes.get(nodeId);
        return new RecordingWriter(writer, stats.output(stats.description().outputs().indexOf(outputId)));
    }

    /**
     * Node {@code result.nodeId()} has ended: its state and the transport's final drop counts go into its statistics
     * (a killed process could not write its last ones), and the result gets its messages in and out.
     */
    NodeResult ended(NodeResult result) {
        NodeStats stats = nodes.get(result.nodeId());
        stats.setState(result.failed() ? NodeStats.FAILED : NodeStats.FINISHED);
        result.dropped().forEach((inputId, dropped) -> {
            int index = stats.description().inputIndex(inputId);
            if (index >= 0 && dropped > stats.dropped(index)) {
                stats.setDropped(index, dropped);
            }
        });
        long in = 0;
        for (int i = 0; i < stats.description().inputs().size(); i++) {
            in += stats.received(i);
        }
        long out = 0;
        for (int o = 0; o < stats.description().outputs().size(); o++) {
            out += stats.sent(o);
        }
        return result.withMessages(in, out);
    }
}
