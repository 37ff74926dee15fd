package dev.jdora.runtime.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a running dataflow is and how to reach it, as it registered itself: for a local run, its private run
 * directory ({@code <base>/<id>}, mode 0700) and the control socket in it. Immutable.
 *
 * @param id            the run id ({@code jdora run} prints it)
 * @param name          the name given with {@code --name}, or chosen from the dataflow file's name; unique among the
 *                      live runs of this user
 * @param dataflow      the dataflow file it runs (absolute)
 * @param logDir        where its {@code <node>.log} files are (absolute)
 * @param directory     its run directory
 * @param controlSocket the socket that answers {@link DataflowOperations} requests (owner only)
 * @param pid           the process that runs it (its daemon)
 * @param started       when it started
 * @param grace         its own grace period on stop ({@code --grace-duration} of its {@code jdora run}, 10 s by
 *                      default): how long a stop without another grace may take before the ladder kills
 */
public record RunAddress(String id, String name, Path dataflow, Path logDir, Path directory, Path controlSocket,
                         long pid, Instant started, Duration grace) {
}
