package dev.jdora.cli;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdora node}: the nodes of a running dataflow; {@code jdora node attach} joins a dynamic one. */
@Command(name = "node", mixinStandardHelpOptions = true, subcommands = NodeCommand.Attach.class,
        description = {"Work with the nodes of a running dataflow."})
final class NodeCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /**
     * {@code jdora node attach DATAFLOW NODE -- COMMAND…}: starts {@code COMMAND} as the dynamic node {@code NODE}
     * ({@code path: dynamic}) of the running dataflow, with the environment the run granted, and waits for it: its
     * exit status is this command's. With {@code --print-env}, prints that environment as shell {@code export} lines
     * instead.
     */
    @Command(name = "attach", mixinStandardHelpOptions = true,
            description = {"Start a command as a dynamic node (path: dynamic) of a running dataflow, which waits for "
                    + "it: the command gets the environment in which Node.fromEnv() is that node, and this waits "
                    + "for it to exit (its exit status is this one's).",
                "  jdora node attach robot planner -- java -cp app.jar com.example.Planner",
                "  eval \"$(jdora node attach robot planner --print-env)\"; java -cp app.jar com.example.Planner"})
    static final class Attach implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the name or id of the running dataflow")
        private String target;

        @Parameters(index = "1", paramLabel = "NODE", description = "the id of a node with 'path: dynamic'")
        private String nodeId;

        @Parameters(index = "2..*", paramLabel = "COMMAND", arity = "0..*",
                description = "the node's command line, after '--'")
        private List<String> command = new ArrayList<>();

        @Option(names = "--print-env", description = "print the node's environment as 'export' lines (the node's "
                + "secret among them: for this user's shell only) instead of starting a command")
        private boolean printEnv;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            if (command.isEmpty() == !printEnv) {
                err.println("error: give the node's command after '--', or --print-env (not both)");
                err.println("usage: jdora node attach DATAFLOW NODE -- COMMAND...");
                err.flush();
                return Main.USER_ERROR;
            }
            DataflowOperations ops = RunTargets.operations();
            Map<String, String> env;
            try {
                RunAddress run = ops.resolve(target);
                env = ops.attach(run, nodeId);
            } catch (OperationException e) {
                return RunTargets.report(e, err);
            }
            if (printEnv) {
                PrintWriter out = spec.commandLine().getOut();
                env.forEach((name, value) -> out.println("export " + name + "=" + shellQuoted(value)));
                out.flush();
                return 0;
            }
            return runNode(env, err);
        }

        private int runNode(Map<String, String> env, PrintWriter err) throws InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().putAll(env);
            Process node;
            try {
                node = builder.start();
            } catch (IOException e) {
                err.println("error: cannot start '" + command.get(0) + "': " + e.getMessage());
                err.flush();
                return Main.USER_ERROR;
            }
            try {
                return node.waitFor();
            } catch (InterruptedException e) {
                node.destroy();
                throw e;
            }
        }

        private static String shellQuoted(String value) {
            return "'" + value.replace("'", "'\\''") + "'";
        }
    }
}
