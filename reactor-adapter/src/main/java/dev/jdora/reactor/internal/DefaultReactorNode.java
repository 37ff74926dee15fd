package dev.jdora.reactor.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.reactor.Output;
import dev.jdora.reactor.ReactorNode;
import java.time.Duration;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/** The {@link ReactorNode} over a pull {@link Node}. See {@link ReactorNode} for threads, demand and ownership. */
public final class DefaultReactorNode implements ReactorNode {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultReactorNode.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Node node;
    private final OutputSender sender;
    private final Flux<Event> events;
    private @Nullable EventPump pump;
    private boolean subscribed;
    private boolean closed;

    public DefaultReactorNode(Node node) {
        this.node = node;
        this.sender = new OutputSender(node);
        this.events = Flux.create(this::attach, FluxSink.OverflowStrategy.IGNORE);
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public Flux<Event> events() {
        return events;
    }

    private void attach(FluxSink<Event> sink) {
        EventPump started;
        synchronized (this) {
            if (closed) {
                sink.error(new IllegalStateException("node '" + node.id() + "': closed, events() has ended"));
                return;
            }
            if (subscribed) {
                sink.error(new IllegalStateException("node '" + node.id()
                        + "': events() supports one subscriber; use share() or publish() to fan out"));
                return;
            }
            subscribed = true;
            started = new EventPump(node, sink);
            pump = started;
        }
        started.start();
    }

    @Override
    public Mono<Void> send(String outputId, Publisher<? extends ValueVector> data) {
        return sendAll(Flux.from(new NullRejectingPublisher<>(data)).map(vector -> Output.of(outputId, vector)));
    }

    @Override
    public Mono<Void> sendAll(Publisher<Output> outputs) {
        return sender.sendAll(outputs);
    }

    @Override
    public void close() {
        EventPump running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = pump;
        }
        try {
            stopPump(running);
        } finally {
            sender.close();
            node.close();
        }
    }

    private void stopPump(@Nullable EventPump running) {
        if (running == null) {
            return;
        }
        // The runtime's grace ladder may have interrupted this thread; the node must still not be closed while the
        // events thread reads it, so wait with the flag cleared and restore it afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            if (!running.shutdown(CLOSE_WAIT)) {
                LOG.warn("node '{}': the events() subscriber did not return from onNext within {}; closing the node "
                        + "anyway", node.id(), CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "ReactorNode[" + node.id() + "]";
    }
}
