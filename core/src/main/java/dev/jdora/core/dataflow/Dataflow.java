package dev.jdora.core.dataflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated dataflow: immutable, safe to share between threads.
 *
 * <pre>{@code
 * Dataflow flow = Dataflow.load(Path.of("dataflow.yml"));   // throws DataflowException with every problem
 * }</pre>
 *
 * @param file      the file it was loaded from
 * @param nodes     the nodes, in file order
 * @param classpath {@code classpath:} (jdora) jars and class directories for {@code class:} nodes,
 *                  resolved against the file's directory
 * @param exitWhenNodesFinish {@code exit_when_nodes_finish:} the nodes whose end ends the dataflow
 */
public record Dataflow(Path file, List<NodeSpec> nodes, List<Path> classpath,
                       ExitWhenNodesFinish exitWhenNodesFinish) {

    /** A dataflow without {@code exit_when_nodes_finish}. */
    public Dataflow(Path file, List<NodeSpec> nodes, List<Path> classpath) {
        this(file, nodes, classpath, ExitWhenNodesFinish.off());
    }

    /**
     * Loads and validates a dataflow file.
     *
     * @throws DataflowException with every problem found, each as {@code file:line:column: message}
     */
    public static Dataflow load(Path file) throws DataflowException {
        return DataflowLoader.load(file);
    }

    /** The same dataflow with other nodes (every other setting kept). */
    public Dataflow withNodes(List<NodeSpec> newNodes) {
        return new Dataflow(file, newNodes, classpath, exitWhenNodesFinish);
    }

    /** This dataflow's {@linkplain #stem(Path) stem}: what runs, statistics and recordings are named after. */
    public String stem() {
        return stem(file);
    }

    /**
     * The name of dataflow file {@code file} without its directory and its {@code .yml} or {@code .yaml}
     * ({@code camera.yml} → {@code camera}); {@code dataflow} if nothing is left.
     */
    public static String stem(Path file) {
        Path name = file.getFileName();
        String stem = name == null ? "" : name.toString().replaceFirst("\\.(?i:ya?ml)$", "");
        return stem.isEmpty() ? "dataflow" : stem;
    }

    /** The node with that id. */
    public Optional<NodeSpec> node(String nodeId) {
        return nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst();
    }
}
