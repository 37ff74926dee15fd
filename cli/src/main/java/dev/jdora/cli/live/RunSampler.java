package dev.jdora.cli.live;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunProbe;
import dev.jdora.runtime.ops.RunSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * Takes {@link RunSample}s of one run through the {@link RunProbe} of its operations: a run of this machine is read
 * from its run directory and {@code /proc}, a run of a coordinator from the daemons of its machines. Once the run has
 * ended the last statistics stay readable and samples say {@code ended}.
 *
 * <p><b>Threads.</b> One thread at a time; {@link #sample()} blocks for one probe (a status request, or one request to
 * the coordinator).
 */
public final class RunSampler {

    private final RunAddress run;
    private final RunProbe probe;

    private RunSampler(RunAddress run, RunProbe probe) {
        this.run = run;
        this.probe = probe;
    }

    /**
     * Opens the statistics of {@code run}.
     *
     * @throws OperationException if they cannot be read (the run ended meanwhile, or is not this user's)
     */
    public static RunSampler open(DataflowOperations ops, RunAddress run) {
        return new RunSampler(run, ops.probe(run));
    }

    public RunAddress run() {
        return run;
    }

    /** The run now. */
    RunSample sample() {
        RunSnapshot snapshot = probe.sample();
        Map<String, String> nodeStates = new HashMap<>();
        snapshot.status().nodes().forEach(n -> nodeStates.put(n.id(), n.state()));
        return new RunSample(run, System.nanoTime(), snapshot.status().state(), snapshot.nodes(), nodeStates,
                snapshot.usage());
    }
}
