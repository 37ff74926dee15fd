package dev.jdora.runtime.internal;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunProbe;
import dev.jdora.runtime.ops.RunSnapshot;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.ProcessUsage;
import dev.jdora.runtime.stats.RunStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link RunProbe} of a run of this machine: its statistics from the mapped files in its run directory (kept open,
 * so the last values stay readable after the run ended), its state from its control socket, CPU and memory from
 * {@code /proc}. One thread at a time; {@link #sample()} blocks for a status request (a few milliseconds).
 */
public final class LocalRunProbe implements RunProbe {

    private final DataflowOperations ops;
    private final RunAddress run;
    private final RunStatistics statistics;

    private LocalRunProbe(DataflowOperations ops, RunAddress run, RunStatistics statistics) {
        this.ops = ops;
        this.run = run;
        this.statistics = statistics;
    }

    /**
     * Opens the statistics of {@code run}, whose state {@code ops} asks.
     *
     * @throws OperationException if they cannot be read (the run ended meanwhile, or is not this user's)
     */
    public static LocalRunProbe open(DataflowOperations ops, RunAddress run) {
        try {
            return new LocalRunProbe(ops, run, RunStatistics.open(run.directory()));
        } catch (IOException e) {
            throw new OperationException("cannot read the statistics of dataflow '" + run.name() + "': "
                    + e.getMessage(), false);
        }
    }

    @Override
    public RunSnapshot sample() {
        RunStatus status = new RunStatus(RunSnapshot.ENDED, List.of(), List.of());
        if (Files.exists(run.directory())) {
            try {
                status = ops.status(run);
            } catch (OperationException e) {
                if (Files.exists(run.directory())) {
                    throw e; // alive but not answering: the caller says so
                }
            }
        }
        List<NodeStatistics> nodes = statistics.snapshot();
        Map<String, ProcessUsage> usage = new HashMap<>();
        if (!status.state().equals(RunSnapshot.ENDED)) {
            for (NodeStatistics node : nodes) {
                ProcessUsage.read(node.pid()).ifPresent(u -> usage.put(node.nodeId(), u));
            }
        }
        return new RunSnapshot(status, nodes, usage);
    }
}
