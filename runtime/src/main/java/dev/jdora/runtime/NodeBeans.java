package dev.jdora.runtime;

import dev.jdora.core.NodeMain;

/**
 * The programs of a dataflow's {@code bean:} nodes, supplied by the application that runs the dataflow inside itself
 * (jdora's Spring Boot auto-configuration passes its application context). A {@code bean:} node runs as a thread of
 * this JVM, like a {@code class:} node under {@code --in-jvm}, whatever the transport of the other nodes: its inputs
 * and outputs are channels of the run's transport (shared memory when the others are processes).
 *
 * <pre>{@code
 * DataflowRun run = DataflowRunner.start(dataflow, options, (nodeId, bean) -> myNodes.get(bean));
 * }</pre>
 *
 * <p>Called once per {@code bean:} node on the thread that starts (or checks) the run, before any node starts. The
 * returned {@link NodeMain} is run on the node's thread ({@code jdora-node-<id>}) and handed the node, which the
 * runtime closes when {@code run} returns.
 */
@FunctionalInterface
public interface NodeBeans {

    /** What a run outside an application has: no beans, so every {@code bean:} node is refused. */
    NodeBeans NONE = (nodeId, beanName) -> {
        throw new IllegalArgumentException("nodes run only inside a Spring application "
                + "(jdora-spring-boot-starter with jdora.dataflow set); use 'class' or 'path' here");
    };

    /**
     * The program of node {@code nodeId}, written {@code bean: beanName}.
     *
     * @throws IllegalArgumentException if there is no such bean or it cannot be a node; its message says why and is
     *         reported as the node's problem ({@code file:line:column: node 'x': bean: <message>})
     */
    NodeMain program(String nodeId, String beanName);
}
