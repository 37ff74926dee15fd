package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.internal.Plural;
import dev.jdora.runtime.BuildFailedException;
import dev.jdora.runtime.DataflowBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdora build}: runs the {@code build:} commands of a dataflow's nodes and operators, as {@code dora build}
 * does (see {@link DataflowBuilder}); {@code jdora run --build} does the same before it starts the dataflow.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Run the build: commands of a dataflow's nodes and operators, as dora build does.",
            "Each non-blank line of build: is one command, split into words like args: and started without a "
                    + "shell (write sh -c '...' for pipes or variables), in the dataflow file's directory with the "
                    + "node's env:. Its output is shown prefixed with the node id. The first command that fails "
                    + "stops the build (exit status 1)."})
final class BuildCommand implements Callable<Integer> {

    /** Exit status of a failed build command: like a failed node. */
    static final int BUILD_FAILED = 1;

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the dataflow YAML file")
    private Path file = Path.of("dataflow.yml");

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Optional<Dataflow> dataflow = DataflowFiles.load(file, spec.commandLine().getErr());
        if (dataflow.isEmpty()) {
            return Main.USER_ERROR;
        }
        if (DataflowBuilder.commandCount(dataflow.get()) == 0) {
            spec.commandLine().getOut().println(file + ": no node has build: commands, nothing to build");
            return 0;
        }
        return build(dataflow.get(), spec.commandLine().getOut(), spec.commandLine().getErr()) ? 0 : BUILD_FAILED;
    }

    /**
     * Runs the build commands of {@code dataflow}, their output to {@code out}; says on {@code err} which failed.
     *
     * @return whether every command succeeded
     */
    static boolean build(Dataflow dataflow, PrintWriter out, PrintWriter err) throws InterruptedException {
        try {
            DataflowBuilder.build(dataflow, out::println);
            out.println("build finished: " + Plural.count(DataflowBuilder.commandCount(dataflow), "command")
                    + " succeeded");
            out.flush();
            return true;
        } catch (BuildFailedException e) {
            out.flush();
            err.println(e.location() + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }
}
