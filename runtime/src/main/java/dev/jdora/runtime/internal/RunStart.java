package dev.jdora.runtime.internal;

import dev.jdora.core.internal.StartBarrier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a run (DESIGN.md rule 4): a thread ({@code jdora-barrier-<run>}) waits until every node reads its
 * events (the start barrier), then starts the events — {@code START} to the node processes, the timers — and says
 * {@code run <id>: 3 nodes ready in 1.4 s, logs in out/<id>}. A node that is slow to read is named after
 * {@link #WARNING}; a run that ends first (a stop, every node gone) ends the wait.
 */
final class RunStart {

    private static final Logger LOG = LoggerFactory.getLogger(RunStart.class);
    private static final Duration WARNING = Duration.ofSeconds(5);

    private final String runId;
    private final Path logDir;
    private final StartBarrier barrier;
    private final Collection<NodeHandle> nodes;
    private final BooleanSupplier ended;
    private final Runnable startEvents;
    private final boolean announce;
    private final long startedAt = System.nanoTime();

    /**
     * @param ended       true once the run has ended: the wait stops
     * @param startEvents starts the events once the barrier has opened; handles its own failures
     * @param announce    whether the ready line is for the user (info) or only for the log (debug: a run without a
     *                    console, such as the class-data archive's training run)
     */
    RunStart(String runId, Path logDir, StartBarrier barrier, Collection<NodeHandle> nodes, BooleanSupplier ended,
             Runnable startEvents, boolean announce) {
        this.runId = runId;
        this.logDir = logDir;
        this.barrier = barrier;
        this.nodes = nodes;
        this.ended = ended;
        this.startEvents = startEvents;
        this.announce = announce;
    }

    /** Starts waiting on a thread of its own; returns at once. */
    void begin() {
        Thread thread = new Thread(this::awaitBarrier, "jdora-barrier-" + runId);
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitBarrier() {
        long warnAt = startedAt + WARNING.toNanos();
        try {
            while (!barrier.await(TimeUnit.MILLISECONDS.toNanos(100))) {
                if (ended.getAsBoolean()) {
                    return;
                }
                if (System.nanoTime() - warnAt > 0) {
                    LOG.warn("waiting for every node to read its events before starting: {}", notReading());
                    warnAt = Long.MAX_VALUE;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        startEvents.run();
        String ready = readyLine(runId, nodes.size(), Duration.ofNanos(System.nanoTime() - startedAt), logDir);
        if (announce) {
            LOG.info("{}", ready);
        } else {
            LOG.debug("{}", ready);
        }
    }

    private String notReading() {
        List<String> waiting = nodes.stream().filter(n -> !n.isReading())
                .map(n -> "'" + n.nodeId() + "' (" + (n.hasSubscribed() ? "not reading its events yet"
                        : "Node.fromEnv() not called yet") + ")")
                .toList();
        return String.join(", ", waiting);
    }

    /** {@code run <id>: 3 nodes ready in 1.4 s, logs in <dir>}. */
    static String readyLine(String runId, int nodes, Duration took, Path logDir) {
        return String.format(Locale.ROOT, "run %s: %d %s ready in %.1f s, logs in %s", runId, nodes,
                nodes == 1 ? "node" : "nodes", took.toNanos() / 1e9, logDir);
    }
}
