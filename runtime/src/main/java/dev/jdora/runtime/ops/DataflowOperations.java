package dev.jdora.runtime.ops;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.internal.Suggestions;
import dev.jdora.runtime.internal.LocalOperations;
import dev.jdora.runtime.internal.LocalRunProbe;
import dev.jdora.runtime.internal.LogChunks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations on running dataflows that {@code jdora list/stop/logs/topic} need, behind one interface: {@link
 * #local()} reaches the runs of this user on this machine through their run directories; a multi-machine
 * coordinator can implement it over its own connections with the same commands on top.
 *
 * <pre>{@code
 * DataflowOperations ops = DataflowOperations.local();
 * RunAddress run = ops.resolve("camera");               // a name or an id
 * RunStatus status = ops.status(run);
 * try (Tap tap = ops.tap(run, "camera/image", 10)) { tap.next(Duration.ofSeconds(1), (data, meta) -> ...); }
 * ops.stop(run, Optional.empty());
 * }</pre>
 *
 * <p><b>Threads.</b> Thread-safe; every method blocks on local I/O for at most a few seconds (but {@link #awaitEnd},
 * its timeout): a run that does not answer in time — its process stopped with Ctrl-Z or SIGSTOP, say — is an
 * {@link OperationException} whose {@link OperationException#notAnswering()} is true, never a hang.
 *
 * @see RunAddress
 */
public interface DataflowOperations {

    /** The runs of this user on this machine (foreground {@code jdora run} and background {@code jdora start}). */
    static DataflowOperations local() {
        return new LocalOperations();
    }

    /** The live runs, oldest first. */
    List<RunAddress> runs();

    /**
     * The run with that name or id (or a unique prefix of an id).
     *
     * @throws OperationException (a user error) if there is none, with a "did you mean" or the names there are
     */
    default RunAddress resolve(String nameOrId) {
        List<RunAddress> runs = runs();
        for (RunAddress run : runs) {
            if (run.name().equals(nameOrId) || run.id().equals(nameOrId)) {
                return run;
            }
        }
        List<RunAddress> prefixed = runs.stream().filter(r -> r.id().startsWith(nameOrId)).toList();
        if (prefixed.size() == 1 && !nameOrId.isEmpty()) {
            return prefixed.get(0);
        }
        if (runs.isEmpty()) {
            throw new OperationException("no dataflow '" + nameOrId + "': no dataflow is running", true);
        }
        List<String> names = runs.stream().map(RunAddress::name).toList();
        String hint = Suggestions.didYouMean(nameOrId, names);
        throw new OperationException("no dataflow '" + nameOrId + "'" + (hint.isEmpty() ? " (running: "
                + String.join(", ", names) + ")" : hint), true);
    }

    /** What the run says about itself now. */
    RunStatus status(RunAddress run);

    /**
     * A probe that takes {@link RunSnapshot}s of {@code run} ({@code jdora top}). The default reads a run of this
     * machine: the statistics files in its run directory, its status, {@code /proc}.
     *
     * @throws OperationException if its statistics cannot be read (the run ended meanwhile, or is not this user's)
     */
    default RunProbe probe(RunAddress run) {
        return LocalRunProbe.open(this, run);
    }

    /**
     * Asks the run to stop, as Ctrl-C would: {@code Stop} to every node, then the grace ladder with {@code grace} (the
     * run's own grace period if empty). Returns at once; see {@link #awaitEnd}.
     */
    void stop(RunAddress run, Optional<Duration> grace);

    /** Waits until the run has ended and its run directory is gone; false on timeout. */
    boolean awaitEnd(RunAddress run, Duration timeout) throws InterruptedException;

    /**
     * True once the run has ended. The default: its run directory is gone (see {@link #awaitEnd}).
     */
    default boolean hasEnded(RunAddress run) {
        return !Files.exists(run.directory(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Up to {@code maxBytes} of the log of node {@code nodeId} from byte {@code offset}: none if there is nothing more
     * yet, or no log. The default reads {@code <logDir>/<node>.log} of the run.
     *
     * @throws OperationException if the log cannot be read
     */
    default byte[] readLog(RunAddress run, String nodeId, long offset, int maxBytes) {
        Path log = run.logDir().resolve(nodeId + ".log");
        try {
            return LogChunks.read(log, offset, maxBytes);
        } catch (IOException e) {
            throw new OperationException("cannot read " + log + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a {@code drop_oldest} tap on output {@code topic} ({@code node/output}): it never slows the dataflow.
     *
     * @param queueSize how many messages the tap may fall behind before it drops the oldest
     * @throws OperationException (a user error) for an unknown topic, with a "did you mean"
     */
    default Tap tap(RunAddress run, String topic, int queueSize) {
        return tap(run, topic, queueSize, QueuePolicy.DROP_OLDEST);
    }

    /**
     * Opens a tap on output {@code topic} ({@code node/output}) with {@code policy}. A {@link QueuePolicy#BACKPRESSURE
     * backpressure} tap is lossless: the output's writer waits while the tap is {@code queueSize} messages behind, so
     * a slow tap slows the dataflow (an attached {@code jdora record}). It holds the writer only while it lives: once
     * it is closed or its process dies (even by SIGKILL) its connection to the run ends, and the run releases its
     * place on the output at once.
     *
     * @param queueSize how many messages the tap may fall behind: before it drops the oldest, or the writer waits
     * @throws OperationException (a user error) for an unknown topic, with a "did you mean"
     */
    Tap tap(RunAddress run, String topic, int queueSize, QueuePolicy policy);

    /**
     * The text of the dataflow file the run runs, as it was when the run started (a copy kept with its registration),
     * or as the file is now if the run kept none.
     *
     * @throws OperationException if neither can be read
     */
    String dataflowYaml(RunAddress run);

    /**
     * Publishes {@code json} on {@code topic}, an output of an {@link dev.jdora.runtime.ExternalInput} node of the
     * run (see there how values become Arrow).
     *
     * @throws OperationException (a user error) for an unknown topic, one that is not published from outside, or a
     *                            value that cannot be sent
     */
    void publish(RunAddress run, String topic, String json);

    /**
     * Lets a process started by hand join {@code run} as its dynamic node {@code nodeId} ({@code path: dynamic}):
     * returns the environment to start that process with — the node's {@code env:}, its configuration file, its
     * secret (give it to that process only), and {@code JDK_JAVA_OPTIONS} with the module access every jdora JVM needs
     * — after which {@code Node.fromEnv()} in that process is the node. The grant is good for one connection: ask
     * again to start the node again.
     *
     * @throws OperationException (a user error) for an unknown node, one that is not dynamic, one that has joined
     *                            already or has ended, or a run that is not this user's
     */
    default Map<String, String> attach(RunAddress run, String nodeId) {
        throw new OperationException("dataflow '" + run.name() + "' cannot be joined from here", true);
    }
}
