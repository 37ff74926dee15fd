package dev.jdora.runtime;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.runtime.internal.Launcher;

/**
 * Runs dataflows on this machine, with no server: the daemon lives in the calling process.
 *
 * <pre>{@code
 * DataflowRun run = DataflowRunner.start(Dataflow.load(Path.of("dataflow.yml")), RunOptions.defaults());
 * int exit = run.await().exitCode();
 * }</pre>
 *
 * <p>{@link #start} returns once every node has been started; it does not wait for them to finish.
 */
public final class DataflowRunner {

    private DataflowRunner() {
    }

    /**
     * Wires and starts every node of {@code dataflow}.
     *
     * @throws DataflowException if a node cannot run (unknown class, no {@code main}, unsupported node kind, …),
     *         with every problem found
     */
    public static DataflowRun start(Dataflow dataflow, RunOptions options) throws DataflowException {
        return Launcher.start(dataflow, options);
    }
}
