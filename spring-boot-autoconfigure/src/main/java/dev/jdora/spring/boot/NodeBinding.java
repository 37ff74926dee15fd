package dev.jdora.spring.boot;

import dev.jdora.reactor.ReactorNode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Binds the application's function beans to the node {@code jdora run} started it as, for the life of the context.
 *
 * <p><b>Start.</b> Subscribes the {@link FunctionNode} when the context starts (events are read on the node's own
 * thread). <b>End.</b> Once the application is ready, the thread that started it ({@code main} of a node process, or
 * the node thread of {@code jdora run --in-jvm}) waits in {@link #runUntilEnd} until the node's stream ends — after
 * {@code Stop} — and then closes the context, so that {@code main} returns and the node ends; a failure of a function
 * fails the start-up (and so the node). <b>Shutdown.</b> SIGTERM to a node process (the grace ladder's, or anyone's)
 * releases that thread in the same way, so the node ends with status 0 ({@link TerminationSignal}); a context closed
 * from elsewhere cancels the functions and closes the node, which releases it too.
 */
final class NodeBinding implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(NodeBinding.class);

    private final ReactorNode node;
    private final Optional<FunctionNode> functions;
    private final ConfigurableApplicationContext context;
    private final CompletableFuture<String> done = new CompletableFuture<>();
    private volatile @Nullable Disposable subscription;
    private volatile Optional<TerminationSignal> termination = Optional.empty();
    private volatile boolean running;

    NodeBinding(ReactorNode node, Optional<FunctionNode> functions, ConfigurableApplicationContext context) {
        this.node = node;
        this.functions = functions;
        this.context = context;
    }

    @Override
    public void start() {
        running = true;
        functions.ifPresentOrElse(f -> {
            LOG.info("jdora: node '{}' runs {}", node.id(), f.parts().stream().map(FunctionNode.Part::beanName)
                    .toList());
            termination = TerminationSignal.install(() -> done.complete("got SIGTERM"));
            subscription = Flux.from(f.run(node)).then()
                    .subscribe(null, done::completeExceptionally, () -> done.complete("has ended"));
        }, () -> LOG.info("jdora: node '{}': no function bean to bind; the application uses the Node bean itself",
                node.id()));
    }

    @Override
    public void stop() {
        running = false;
        Disposable s = subscription;
        if (s != null) {
            s.dispose();
        }
        node.close();
        termination.ifPresent(TerminationSignal::uninstall);
        done.complete("has stopped with the application context");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Waits until the node has ended (or SIGTERM came), then closes {@code context}; returns at once if the context is
     * not this binding's or there is no function bound. Called on the thread that started the application.
     *
     * @throws IllegalStateException if a function failed (the context is closed first)
     */
    void runUntilEnd(ConfigurableApplicationContext started) {
        if (started != context || functions.isEmpty()) {
            return;
        }
        try {
            LOG.info("jdora: node '{}' {}; closing the application context", node.id(), done.join());
        } catch (CompletionException e) {
            context.close();
            throw new IllegalStateException("jdora: node '" + node.id() + "' failed: " + e.getCause(), e.getCause());
        }
        context.close();
    }
}
