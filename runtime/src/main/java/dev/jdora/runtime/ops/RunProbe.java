package dev.jdora.runtime.ops;

/**
 * Takes {@link RunSnapshot}s of one run, again and again ({@code jdora top}, the live graph page): opened once with
 * {@link DataflowOperations#probe(RunAddress)}, so what is costly to find (mapped statistics files, a connection) is
 * found once. A local run is read from its run directory and {@code /proc}; a run of a coordinator, from the daemons of
 * its machines.
 *
 * <p><b>Threads.</b> One thread at a time; {@link #sample()} blocks for at most a few seconds.
 */
@FunctionalInterface
public interface RunProbe {

    /**
     * The run now.
     *
     * @throws OperationException if the run is alive but does not answer
     */
    RunSnapshot sample();
}
