package dev.jdora.spring.boot;

import dev.jdora.reactor.ReactorNode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Binds the application's function beans to the node {@code jdora run} started it as, for the life of the context.
 *
 * <p><b>Start.</b> Subscribes the {@link FunctionNode} when the context starts (events are read on the node's own
 * thread). <b>End.</b> When the application is ready, the thread that started it ({@code main} of a node process, or
 * the node thread of {@code jdora run --in-jvm}) waits here until the node's stream ends — after {@code Stop} — and
 * then closes the context, so that {@code main} returns and the node ends; a failure of a function fails the start-up
 * (and so the node). <b>Shutdown.</b> A context closed from elsewhere (SIGTERM from the grace ladder runs Spring's
 * shutdown hook) cancels the functions and closes the node, which releases that waiting thread.
 */
final class NodeBinding implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(NodeBinding.class);

    private final ReactorNode node;
    private final Optional<FunctionNode> functions;
    private final ConfigurableApplicationContext context;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile @Nullable Disposable subscription;
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
            subscription = Flux.from(f.run(node)).then()
                    .subscribe(null, done::completeExceptionally, () -> done.complete(null));
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
        done.complete(null);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (event.getApplicationContext() != context || functions.isEmpty()) {
            return;
        }
        try {
            done.join();
            LOG.info("jdora: node '{}' has ended; closing the application context", node.id());
        } catch (CompletionException e) {
            context.close();
            throw new IllegalStateException("jdora: node '" + node.id() + "' failed: " + e.getCause(), e.getCause());
        }
        context.close();
    }
}
