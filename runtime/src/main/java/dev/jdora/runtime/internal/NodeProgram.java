package dev.jdora.runtime.internal;

import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.NodeContexts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/** What the runtime runs for one node: a {@code main} method or a {@link NodeMain}. Runs on the node's thread. */
sealed interface NodeProgram {

    /** Runs the node to its end on the calling thread, with {@code context} bound for {@code Node.fromEnv()}. */
    void run(NodeContext context) throws Exception;

    /** A class with {@code public static void main(String[])}; it calls {@code Node.fromEnv()} itself. */
    record MainMethod(Method main, List<String> args) implements NodeProgram {
        @Override
        public void run(NodeContext context) throws Exception {
            try {
                main.setAccessible(true); // a public main in a package-private class is fine to run
                main.invoke(null, (Object) args.toArray(String[]::new));
            } catch (InvocationTargetException e) {
                throw unwrap(e);
            }
        }
    }

    /** A {@link NodeMain} the runtime instantiates and hands its {@link Node}. */
    record Instance(Class<? extends NodeMain> type) implements NodeProgram {
        @Override
        public void run(NodeContext context) throws Exception {
            NodeMain main;
            try {
                var constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                main = constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw unwrap(e);
            }
            runOpened(main, context);
        }
    }

    /**
     * A {@code bean:} node: a {@link NodeMain} the embedding application made (see
     * {@link dev.jdora.runtime.NodeBeans}). Always a thread of this JVM, whatever the transport.
     */
    record Bean(String beanName, NodeMain main) implements NodeProgram {
        @Override
        public void run(NodeContext context) throws Exception {
            runOpened(main, context);
        }
    }

    private static void runOpened(NodeMain main, NodeContext context) throws Exception {
        try (Node node = NodeContexts.open(context)) {
            main.run(node);
        }
    }

    /**
     * A {@code path:} node in process mode: an executable jar ({@code java -jar}) or a program (a script that starts
     * a JVM node, say). It only runs as a process of its own.
     */
    record PathProgram(java.nio.file.Path file, boolean jar) implements NodeProgram {
        @Override
        public void run(NodeContext context) {
            throw new UnsupportedOperationException("a path: node runs as a process of its own: " + file);
        }
    }

    /**
     * A {@code path: dynamic} node: started by hand, it joins the running dataflow ({@link DynamicNode}). Nothing for
     * the runtime to run.
     */
    record Dynamic() implements NodeProgram {
        @Override
        public void run(NodeContext context) {
            throw new UnsupportedOperationException("a dynamic node is started by hand, not by the runtime");
        }
    }

    /**
     * A runtime node: hosts the operators of {@code node} (see {@link OperatorHost}).
     *
     * @param node   the node as written, with its {@code operators:}
     * @param loader    where the operator classes are found
     * @param classpath the dataflow's classpath entries, from which a hot reload loads an operator class afresh
     */
    record Operators(dev.jdora.core.dataflow.NodeSpec node, ClassLoader loader, List<java.nio.file.Path> classpath)
            implements NodeProgram {
        @Override
        public void run(NodeContext context) throws Exception {
            new OperatorHost(node, new OperatorHost.OperatorFactory() {
                @Override
                public Object create(dev.jdora.core.dataflow.OperatorSpec spec) throws Exception {
                    return OperatorClasses.instantiate(spec, loader);
                }

                @Override
                public Object reload(dev.jdora.core.dataflow.OperatorSpec spec) throws Exception {
                    if (classpath.isEmpty()) {
                        throw new IllegalStateException("the dataflow has no classpath: entries to reload from");
                    }
                    var fresh = new ReloadingClassLoader("jdora-reload-" + node.id() + "-" + spec.id(), classpath,
                            loader);
                    return OperatorClasses.instantiate(spec, fresh);
                }
            }).run(context);
        }
    }

    private static Exception unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
            return ex;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return e;
    }
}
