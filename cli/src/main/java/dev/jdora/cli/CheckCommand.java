package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.Problem;
import dev.jdora.core.internal.Plural;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdora check}: validates a dataflow file and then resolves what {@code run} would run (every {@code class:}
 * on the class path, every {@code path:} on disk) without running any of it; reports every problem as {@code
 * file:line:column: message}.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a dataflow file: print every problem as file:line:column: message.",
            "Besides the YAML, it finds every class: (nodes and operators) on the class path run would use "
                    + "(the dataflow's classpath: and --classpath) and every path: on disk, without running any "
                    + "of it."})
final class CheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the dataflow YAML file")
    private Path file = Path.of("dataflow.yml");

    @Mixin
    private ProgramOptions programs = new ProgramOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Optional<Dataflow> dataflow = DataflowFiles.load(file, spec.commandLine().getErr());
        if (dataflow.isEmpty()) {
            return Main.USER_ERROR;
        }
        RunOptions options = RunOptions.defaults().withClasspath(programs.classpath)
                .withTransport(programs.transport());
        List<Problem> problems = DataflowRunner.check(dataflow.get(), options);
        if (!problems.isEmpty()) {
            DataflowFiles.printProblems(problems, spec.commandLine().getErr());
            return Main.USER_ERROR;
        }
        spec.commandLine().getOut().println(file + ": ok (" + Plural.count(dataflow.get().nodes().size(), "node")
                + ")");
        return 0;
    }
}
