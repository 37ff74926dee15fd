package dev.jdora.runtime;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.core.dataflow.Problem;
import dev.jdora.runtime.internal.Launcher;
import java.util.List;

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

    /**
     * As {@link #start(Dataflow, RunOptions)}, with the programs of the dataflow's {@code bean:} nodes: each runs as
     * a thread of this JVM (see {@link NodeBeans}).
     *
     * @throws DataflowException as {@link #start(Dataflow, RunOptions)} does, and for a {@code bean:} node that
     *         {@code beans} refuses
     */
    public static DataflowRun start(Dataflow dataflow, RunOptions options, NodeBeans beans)
            throws DataflowException {
        return Launcher.start(dataflow, options, beans);
    }

    /**
     * What {@link #start} with these options would refuse, without starting anything: every {@code class:} of a node
     * or operator that is not on the class path ({@code classpath:} of the dataflow, then {@link
     * RunOptions#classpath()}) or cannot be run, every {@code path:} that does not exist or cannot run, an unknown
     * transport, and more open files than this process may have. Classes are loaded without being initialized, so no
     * code of the dataflow runs; nothing stays loaded. Blocks on file I/O.
     *
     * @return every problem, located; empty if the dataflow can run
     */
    public static List<Problem> check(Dataflow dataflow, RunOptions options) {
        return Launcher.check(dataflow, options);
    }

    /** As {@link #check(Dataflow, RunOptions)}, with the programs of the dataflow's {@code bean:} nodes. */
    public static List<Problem> check(Dataflow dataflow, RunOptions options, NodeBeans beans) {
        return Launcher.check(dataflow, options, beans);
    }
}
