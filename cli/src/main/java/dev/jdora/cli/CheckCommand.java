package dev.jdora.cli;

import dev.jdora.cluster.CoordinatorOperations;
import dev.jdora.cluster.internal.Placement;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.Problem;
import dev.jdora.core.internal.Plural;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.ops.OperationException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * file:line:column: message}. With {@code --coordinator}, each node's {@code deploy.machine} must be a machine whose
 * daemon has registered there (the coordinator places the run the same way).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a dataflow file: print every problem as file:line:column: message.",
            "Besides the YAML, it finds every class: (nodes and operators) on the class path run would use "
                    + "(the dataflow's classpath: and --classpath) and every path: on disk, without running any "
                    + "of it.",
            "With --coordinator HOST:PORT, it also checks that a daemon has registered the machine of every node "
                    + "(deploy.machine)."})
final class CheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the dataflow YAML file")
    private Path file = Path.of("dataflow.yml");

    @Mixin
    private ProgramOptions programs = new ProgramOptions();

    @Mixin
    private ClusterOptions cluster = new ClusterOptions();

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
        Optional<CoordinatorOperations> coordinator = cluster.coordinator();
        List<Problem> problems = new ArrayList<>();
        if (coordinator.isPresent()) {
            try {
                problems.addAll(coordinator.get().place(dataflow.get()).problems());
            } catch (OperationException e) {
                return RunTargets.report(e, spec.commandLine().getErr());
            }
            problems.addAll(DataflowRunner.check(Placement.placed(dataflow.get()), options));
        } else {
            problems.addAll(DataflowRunner.check(dataflow.get(), options));
        }
        if (!problems.isEmpty()) {
            DataflowFiles.printProblems(problems, spec.commandLine().getErr());
            return Main.USER_ERROR;
        }
        spec.commandLine().getOut().println(file + ": ok (" + Plural.count(dataflow.get().nodes().size(), "node")
                + ")");
        return 0;
    }
}
