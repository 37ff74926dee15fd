package dev.jdora.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that decide how the nodes' programs are found and started, shared by {@code run} and {@code check}
 * so that {@code check} resolves every {@code class:} and {@code path:} exactly as {@code run} will.
 */
final class ProgramOptions {

    @Option(names = {"-cp", "--classpath"}, paramLabel = "PATH", split = ":",
            description = "extra jars or class directories for class: nodes and operators, after the dataflow's "
                    + "classpath:, separated by ':'")
    List<Path> classpath = new ArrayList<>();

    @Option(names = "--in-jvm", description = {"every node a thread of the jdora JVM over the in-JVM transport, "
            + "instead of a process of its own over shared memory (the default); a path: must then be an "
            + "executable jar"})
    boolean inJvm;

    /** The transport the nodes use: in-JVM with {@code --in-jvm}, else the default. */
    String transport() {
        return inJvm ? Transports.IN_JVM : Transports.defaultName();
    }
}
