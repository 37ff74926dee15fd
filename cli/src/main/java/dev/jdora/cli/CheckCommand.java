package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jdora check}: validates a dataflow file and reports every problem as {@code file:line:column: message}. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a dataflow file: print every problem as file:line:column: message.")
final class CheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the dataflow YAML file")
    private Path file = Path.of("dataflow.yml");

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Optional<Dataflow> dataflow = DataflowFiles.load(file, spec.commandLine().getErr());
        if (dataflow.isEmpty()) {
            return Main.USER_ERROR;
        }
        int nodes = dataflow.get().nodes().size();
        spec.commandLine().getOut().println(file + ": ok (" + nodes + (nodes == 1 ? " node)" : " nodes)"));
        return 0;
    }
}
