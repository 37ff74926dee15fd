package dev.jdora.runtime.internal;

import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.NodeContexts;
import dev.jdora.core.internal.process.ProcessNodeEnvironment;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code main} of a node process started for a {@code class:} node: wires the node from its environment, then
 * runs the class (its {@code main}, or a {@code NodeMain}) as the thread mode does, and exits with 0 when it returns
 * or 1 when it throws. The daemon ends the node's outputs when the process has exited.
 */
public final class NodeProcessMain {

    private NodeProcessMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: NodeProcessMain <node class> [args...] (started by jdora run)");
            System.exit(2);
        }
        int status = run(args[0], Arrays.asList(args).subList(1, args.length));
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    private static int run(String className, List<String> args) {
        try {
            NodeProgram program = ProgramResolver.programFor(Class.forName(className), args);
            NodeContext context = ProcessNodeEnvironment.context();
            NodeContexts.bind(context);
            program.run(context);
            return 0;
        } catch (Throwable t) {
            t.printStackTrace();
            return 1;
        }
    }
}
