package dev.jdora.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run a dataflow. Immutable; validated on construction.
 *
 * @param grace     how long a node may take to finish after {@code Stop} before it is interrupted (default 10 s);
 *                  it then gets {@code grace/2} more before it is reported as failed
 * @param transport the transport name ({@code injvm}: nodes are threads of this JVM)
 * @param classpath extra jars and class directories for {@code class:} nodes, after the dataflow's own
 * @param logDir    where {@code <run>/<node>.log} files go (default {@code out})
 * @param console   whether node output is echoed to this process's stdout, prefixed with the node id
 */
public record RunOptions(Duration grace, String transport, List<Path> classpath, Path logDir, boolean console) {

    /** The default grace period. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    public RunOptions {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        classpath = List.copyOf(classpath);
    }

    /** Defaults: 10 s grace, in-JVM transport, logs under {@code out}, echoed to the console. */
    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_GRACE, "injvm", List.of(), Path.of("out"), true);
    }

    public RunOptions withGrace(Duration value) {
        return new RunOptions(value, transport, classpath, logDir, console);
    }

    public RunOptions withClasspath(List<Path> value) {
        return new RunOptions(grace, transport, value, logDir, console);
    }

    public RunOptions withLogDir(Path value) {
        return new RunOptions(grace, transport, classpath, value, console);
    }

    public RunOptions withConsole(boolean value) {
        return new RunOptions(grace, transport, classpath, logDir, value);
    }
}
