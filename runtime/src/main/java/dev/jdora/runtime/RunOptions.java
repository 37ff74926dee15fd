package dev.jdora.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to run a dataflow. Immutable; validated on construction.
 *
 * @param grace     how long a node may take to finish after {@code Stop} (default 10 s) before it is escalated
 *                  (a thread is interrupted, a process gets SIGTERM); {@code grace/2} later it is forced (a thread is
 *                  given up on, a process gets SIGKILL) and reported failed
 * @param transport the transport name: {@code shm} (the default when present: every node a process of its own,
 *                  over shared memory) or {@code injvm} (every node a thread of this JVM)
 * @param transportSettings settings passed to the transport (see its documentation)
 * @param classpath extra jars and class directories for {@code class:} nodes, after the dataflow's own
 * @param logDir    where {@code <run>/<node>.log} files go (default {@code out})
 * @param console   whether node output is echoed to this process's stdout, prefixed with the node id
 * @param name      the name {@code jdora list/stop/topic} know the run by (default: the run id); unique among the live
 *                  runs of a user is up to the caller ({@code jdora run --name} checks)
 */
public record RunOptions(Duration grace, String transport, Map<String, String> transportSettings, List<Path> classpath,
                         Path logDir, boolean console, Optional<String> name) {

    /** The default grace period. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    public RunOptions {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        transportSettings = Map.copyOf(transportSettings);
        classpath = List.copyOf(classpath);
    }

    /** Defaults: 10 s grace, in-JVM transport, logs under {@code out}, echoed to the console. */
    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_GRACE, "injvm", Map.of(), List.of(), Path.of("out"), true, Optional.empty());
    }

    public RunOptions withGrace(Duration value) {
        return new RunOptions(value, transport, transportSettings, classpath, logDir, console, name);
    }

    public RunOptions withTransport(String value) {
        return new RunOptions(grace, value, transportSettings, classpath, logDir, console, name);
    }

    public RunOptions withTransportSettings(Map<String, String> value) {
        return new RunOptions(grace, transport, value, classpath, logDir, console, name);
    }

    public RunOptions withClasspath(List<Path> value) {
        return new RunOptions(grace, transport, transportSettings, value, logDir, console, name);
    }

    public RunOptions withLogDir(Path value) {
        return new RunOptions(grace, transport, transportSettings, classpath, value, console, name);
    }

    public RunOptions withName(String value) {
        return new RunOptions(grace, transport, transportSettings, classpath, logDir, console, Optional.of(value));
    }

    public RunOptions withConsole(boolean value) {
        return new RunOptions(grace, transport, transportSettings, classpath, logDir, value, name);
    }
}
