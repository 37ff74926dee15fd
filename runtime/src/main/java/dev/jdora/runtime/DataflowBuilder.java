package dev.jdora.runtime;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.internal.BuildRunner;
import java.util.function.Consumer;

/**
 * Runs the {@code build:} commands of a dataflow, as {@code dora build} does: for each node in file order, its own
 * {@code build:} and then its operators', every non-blank line a command of its own (split into words like
 * {@code args:}, started without a shell), in the directory of the dataflow file with the node's {@code env:} added
 * to this process's environment and no input. A command's output (stdout and stderr, merged) is handed over line by
 * line, prefixed with the node id ({@code camera | ...}). The first command that fails stops the build.
 *
 * <pre>{@code
 * DataflowBuilder.build(Dataflow.load(Path.of("dataflow.yml")), System.out::println);
 * DataflowRun run = DataflowRunner.start(dataflow, RunOptions.defaults());
 * }</pre>
 *
 * <p>Runs on the calling thread and blocks until the last command has ended. If this JVM exits meanwhile, the
 * running command and its children are destroyed.
 */
public final class DataflowBuilder {

    private DataflowBuilder() {
    }

    /** How many {@code build:} commands {@code dataflow} has (nodes' and operators'). */
    public static int commandCount(Dataflow dataflow) {
        return BuildRunner.commandCount(dataflow);
    }

    /**
     * Runs every {@code build:} command of {@code dataflow}, in order.
     *
     * @param output receives each line a command prints, and a line before each command saying what runs where;
     *               called on the calling thread
     * @throws BuildFailedException if a command exits with a non-zero status or cannot be started; the commands
     *         after it are not run
     * @throws InterruptedException if the calling thread is interrupted while a command runs (seen when it prints a
     *         line or ends; the command is destroyed)
     */
    public static void build(Dataflow dataflow, Consumer<String> output)
            throws BuildFailedException, InterruptedException {
        BuildRunner.run(dataflow, output);
    }
}
