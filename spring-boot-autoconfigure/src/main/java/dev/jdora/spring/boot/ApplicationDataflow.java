package dev.jdora.spring.boot;

import dev.jdora.core.Event;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.reactor.Output;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link ReactiveDataflowRun} bean: loads {@code jdora.dataflow} and starts it when {@link DataflowLifecycle}
 * says so, and delegates to the run. Thread-safe.
 */
final class ApplicationDataflow implements ReactiveDataflowRun {

    private final JdoraProperties properties;
    private final ResourceLoader resources;
    private final ConfigurableListableBeanFactory beans;
    private final ApplicationNode.Holder application = new ApplicationNode.Holder();
    private volatile @Nullable DataflowRun run;
    private volatile int nodeCount;

    ApplicationDataflow(JdoraProperties properties, ResourceLoader resources, ConfigurableListableBeanFactory beans) {
        this.properties = properties;
        this.resources = resources;
        this.beans = beans;
    }

    /**
     * Loads and starts the dataflow; blocks while nodes are launched.
     *
     * @throws JdoraStartException with every problem, each as {@code file:line:column: message}
     */
    synchronized void startRun() {
        if (run != null) {
            return;
        }
        Dataflow dataflow;
        try {
            dataflow = Dataflow.load(file());
        } catch (DataflowException e) {
            throw cannotRun(e);
        }
        RunOptions options = RunOptions.defaults().withGrace(properties.getGrace())
                .withTransport(properties.getTransport()).withLogDir(Path.of(properties.getLogDir()))
                .withConsole(properties.isConsole());
        try {
            run = DataflowRunner.start(dataflow, options, new ContextNodeBeans(beans, dataflow, application));
        } catch (DataflowException e) {
            throw cannotRun(e);
        }
        nodeCount = dataflow.nodes().size();
    }

    /** The dataflow file: the resource itself when it is a file, else a private copy (relative paths then fail). */
    private Path file() {
        String location = properties.getDataflow();
        Resource resource = resources.getResource(location == null ? "" : location);
        if (!resource.exists()) {
            throw new JdoraStartException("jdora.dataflow: no such resource '" + location + "'",
                    "Set jdora.dataflow to the dataflow YAML, e.g. jdora.dataflow=classpath:pipeline.yml, or remove it.");
        }
        try {
            if (resource.isFile()) {
                return resource.getFile().toPath();
            }
            Path dir = Files.createTempDirectory("jdora-dataflow-"); // 0700 where POSIX
            Path copy = dir.resolve(Optional.ofNullable(resource.getFilename()).orElse("dataflow.yml"));
            try (InputStream in = resource.getInputStream()) {
                Files.copy(in, copy);
            }
            copy.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("jdora.dataflow: cannot read '" + location + "'", e);
        }
    }

    /** The run, once started. */
    Optional<DataflowRun> current() {
        return Optional.ofNullable(run);
    }

    int nodeCount() {
        return nodeCount;
    }

    private DataflowRun started() {
        DataflowRun r = run;
        if (r == null) {
            throw new IllegalStateException("the dataflow " + properties.getDataflow()
                    + " starts with the application context; it has not started yet");
        }
        return r;
    }

    private Optional<ApplicationNode> applicationNode() {
        return Optional.ofNullable(application.get());
    }

    private IllegalStateException noApplicationNode() {
        return new IllegalStateException("the dataflow " + properties.getDataflow() + " has no node written 'bean: "
                + APPLICATION + "': add one to read from or send into the dataflow");
    }

    @Override
    public <T> Flux<T> receive(String inputId, Function<Event.Input, T> decode) {
        return Flux.defer(() -> applicationNode().map(node -> node.receive(inputId, decode))
                .orElseGet(() -> Flux.error(noApplicationNode())));
    }

    @Override
    public Mono<Void> send(Publisher<Output> outputs) {
        return Mono.defer(() -> applicationNode().map(node -> node.send(outputs))
                .orElseGet(() -> Mono.error(noApplicationNode())));
    }

    @Override
    public String id() {
        return started().id();
    }

    @Override
    public void stop() {
        started().stop();
    }

    @Override
    public void reload(String nodeId, Optional<String> operatorId) {
        started().reload(nodeId, operatorId);
    }

    @Override
    public void kill() {
        started().kill();
    }

    @Override
    public List<NodeResult> endedNodes() {
        return current().map(DataflowRun::endedNodes).orElse(List.of());
    }

    @Override
    public RunResult await() throws InterruptedException {
        return started().await();
    }

    @Override
    public Optional<RunResult> await(Duration timeout) throws InterruptedException {
        return started().await(timeout);
    }

    /** The dataflow cannot start: its problems, one per line, without a stack trace of ours. */
    private JdoraStartException cannotRun(DataflowException e) {
        return new JdoraStartException("jdora.dataflow cannot run:\n" + e.getMessage(), "Fix the dataflow "
                + properties.getDataflow() + " (`jdora check <file>` reports the same problems), or remove "
                + "jdora.dataflow to start the application without it.");
    }
}
