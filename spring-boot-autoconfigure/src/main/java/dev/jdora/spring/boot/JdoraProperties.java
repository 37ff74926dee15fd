package dev.jdora.spring.boot;

import dev.jdora.runtime.RunOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code jdora.*} setting of a Spring application. Bound once at start-up; read on the thread that refreshes
 * the context.
 *
 * <pre>
 * jdora.dataflow=classpath:pipeline.yml   # run this dataflow with the application context
 * jdora.grace=5s                         # how long nodes may take to stop
 * jdora.node.functions=detect            # the app as a node: which function beans are bound
 * </pre>
 */
@ConfigurationProperties(prefix = "jdora")
public class JdoraProperties {

    /**
     * The dataflow YAML to run with the application context (a Spring resource location, e.g.
     * {@code classpath:pipeline.yml} or {@code file:flows/camera.yml}). Its nodes may be processes, classes, or beans
     * of this application ({@code bean: name}); a node written {@code bean: application} is the application itself,
     * which reads its inputs and sends its outputs through the {@link ReactiveDataflowRun} bean. Unset: no dataflow.
     */
    private @Nullable String dataflow;

    /**
     * How long each node may take to finish after {@code Stop} when the context closes, before it is interrupted (a
     * thread) or sent SIGTERM (a process); half of it later it is forced.
     */
    private Duration grace = RunOptions.DEFAULT_GRACE;

    /**
     * The transport of the dataflow: {@code shm} (nodes as processes over shared memory; {@code bean:} nodes stay
     * threads of this application) or {@code injvm} (every node a thread of this application).
     */
    private String transport = "shm";

    /** Where the dataflow's node logs go ({@code <log-dir>/<run>/<node>.log}). */
    private String logDir = "out";

    /** Whether node output is also echoed to this application's standard output, prefixed with the node id. */
    private boolean console = true;

    private final Node node = new Node();

    public @Nullable String getDataflow() {
        return dataflow;
    }

    public void setDataflow(@Nullable String dataflow) {
        this.dataflow = dataflow;
    }

    public Duration getGrace() {
        return grace;
    }

    public void setGrace(Duration grace) {
        this.grace = grace;
    }

    public String getTransport() {
        return transport;
    }

    public void setTransport(String transport) {
        this.transport = transport;
    }

    public String getLogDir() {
        return logDir;
    }

    public void setLogDir(String logDir) {
        this.logDir = logDir;
    }

    public boolean isConsole() {
        return console;
    }

    public void setConsole(boolean console) {
        this.console = console;
    }

    public Node getNode() {
        return node;
    }

    /** Settings of the application when {@code jdora run} starts it as a node. */
    public static class Node {

        /**
         * The names of the function beans bound to the node: {@code Function<Flux<Event>, Publisher<Output>>},
         * {@code Consumer<Flux<Event>>} or {@code Supplier<Publisher<Output>>}. Empty (the default): the single bean
         * of those types; with several, start-up fails naming them.
         */
        private List<String> functions = new ArrayList<>();

        public List<String> getFunctions() {
            return functions;
        }

        public void setFunctions(List<String> functions) {
            this.functions = functions;
        }
    }
}
