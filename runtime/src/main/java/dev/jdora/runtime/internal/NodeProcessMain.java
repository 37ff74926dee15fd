package dev.jdora.runtime.internal;

import dev.jdora.core.ReportedFailure;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.NodeContexts;
import dev.jdora.core.internal.process.ParentWatch;
import dev.jdora.core.internal.process.ProcessNodeEnvironment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code main} of a node process started for a {@code class:} node: first watches its daemon and connects to
 * it (so that it cannot be orphaned, even while the class initializes), then runs the class (its {@code main}, or a
 * {@code NodeMain}) as the thread mode does. Exits with 0 when it returns, 1 when it throws, 2 when the class cannot
 * be run (a one-line message, no stack trace). A failure already reported in full (a {@link ReportedFailure} in the
 * cause chain, such as a Spring application's start-up report) is repeated in one line, without a stack trace. The daemon ends the node's outputs when the process has exited.
 */
public final class NodeProcessMain {

    /** First argument for a runtime node, followed by the dataflow file: the node hosts its operators. */
    static final String OPERATORS = "--operators";

    private NodeProcessMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: NodeProcessMain <node class> [args...] (started by jdora run)");
            System.exit(2);
        }
        ParentWatch.startIfNodeProcess();
        int status = run(args[0], Arrays.asList(args).subList(1, args.length));
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    private static NodeProgram operators(String nodeId, Path dataflowFile) throws DataflowException {
        Dataflow dataflow = Dataflow.load(dataflowFile);
        NodeSpec node = dataflow.node(nodeId)
                .orElseThrow(() -> new IllegalArgumentException("no node '" + nodeId + "' in " + dataflowFile));
        return new NodeProgram.Operators(node, NodeProcessMain.class.getClassLoader(), dataflow.classpath());
    }

    private static int run(String className, List<String> args) {
        NodeContext context = ProcessNodeEnvironment.context(!className.equals(OPERATORS)); // a thread per operator
        NodeProgram program;
        try {
            if (className.equals(OPERATORS)) {
                program = operators(context.nodeId(), Path.of(args.get(0)));
            } else {
                Class<?> type = Class.forName(className, false, NodeProcessMain.class.getClassLoader());
                program = ProgramResolver.programFor(type, args);
            }
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException | DataflowException e) {
            System.err.println("jdora: node '" + context.nodeId() + "': class: cannot run '" + className + "' in the "
                    + "node process: " + e + " (classpath: " + System.getProperty("java.class.path") + ")");
            return 2;
        }
        try {
            NodeContexts.bind(context);
            program.run(context);
            ProcessNodeEnvironment.finished();
            return 0;
        } catch (Throwable t) {
            Optional<ReportedFailure> reported = ReportedFailure.in(t);
            if (reported.isPresent()) { // its full report is above: one line for the run's summary, no stack trace
                System.err.println("jdora: node '" + context.nodeId() + "' failed: "
                        + ReportedFailure.reason(reported.get()));
            } else {
                t.printStackTrace();
            }
            return 1;
        }
    }
}
