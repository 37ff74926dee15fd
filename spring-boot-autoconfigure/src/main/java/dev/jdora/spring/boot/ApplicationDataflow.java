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
    /** Written once, with everything about the run: readers never see a run without its node count. */
    private volatile @Nullable Started started;

    /** The run and how many nodes it has. */
    record Started(DataflowRun run, int nodeCount) {
    }

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
        if (started != null) {
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
            started = new Started(DataflowRunner.start(dataflow, options,
                    new ContextNodeBeans(beans, dataflow, application)), dataflow.nodes().size());
        } catch (DataflowException e) {
            throw cannotRun(e);
        }
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
        return Optional.ofNullable(started).map(Started::run);
    }

    /** The run and how many nodes it has, once started. */
    Optional<Started> startedRun() {
        return Optional.ofNullable(started);
    }

    private DataflowRun started() {
        Started s = started;
        if (s == null) {
            throw new IllegalStateException("the dataflow " + properties.getDataflow()
                    + " starts with the application context; it has not started yet");
        }
        return s.run();
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

    /** Stops the run; the application's node then reads what its inputs hold without waiting for subscribers. */
    @Override
    public void stop() {
        DataflowRun run = started();
        applicationNode().ifPresent(ApplicationNode::stopping);
        run.stop();
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
