package dev.jdora.cli.live;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.RunStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes {@link RunSample}s of one run: its statistics from the mapped files in its run directory, node states from
 * its control socket, CPU and memory from {@code /proc}. Once the run has ended the last statistics stay readable and
 * samples say {@code ended}.
 *
 * <p><b>Threads.</b> One thread at a time; {@link #sample()} blocks for a status request (a few milliseconds).
 */
public final class RunSampler {

    private final DataflowOperations ops;
    private final RunAddress run;
    private final RunStatistics statistics;

    private RunSampler(DataflowOperations ops, RunAddress run, RunStatistics statistics) {
        this.ops = ops;
        this.run = run;
        this.statistics = statistics;
    }

    /**
     * Opens the statistics of {@code run}.
     *
     * @throws OperationException if they cannot be read (the run ended meanwhile, or is not this user's)
     */
    public static RunSampler open(DataflowOperations ops, RunAddress run) {
        try {
            return new RunSampler(ops, run, RunStatistics.open(run.directory()));
        } catch (IOException e) {
            throw new OperationException("cannot read the statistics of dataflow '" + run.name() + "': "
                    + e.getMessage(), false);
        }
    }

    public RunAddress run() {
        return run;
    }

    /** The run now. */
    RunSample sample() {
        String state = RunSample.ENDED;
        Map<String, String> nodeStates = new HashMap<>();
        if (Files.exists(run.directory())) {
            try {
                RunStatus status = ops.status(run);
                state = status.state();
                status.nodes().forEach(n -> nodeStates.put(n.id(), n.state()));
            } catch (OperationException e) {
                if (Files.exists(run.directory())) {
                    throw e; // alive but not answering: the caller says so
                }
            }
        }
        List<NodeStatistics> nodes = statistics.snapshot();
        Map<Long, ProcessUsage> usage = new HashMap<>();
        if (!state.equals(RunSample.ENDED)) {
            for (NodeStatistics node : nodes) {
                ProcessUsage.read(node.pid()).ifPresent(u -> usage.put(node.pid(), u));
            }
        }
        return new RunSample(run, System.nanoTime(), state, nodes, nodeStates, usage);
    }
}
