package dev.jdora.reactor.internal;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.reactor.ReactiveNodeMain;
import dev.jdora.reactor.ReactorNode;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The receiving node of the run that builds the class-data archive of node JVMs, when this module is on the node
 * class path: it goes through what a reactive node does at its first events (the event {@code Flux}, filtering,
 * mapping, sending each result on {@code echo}), so that Reactor's classes load from the archive too. It fails unless
 * it received the training source's three messages. Not API.
 */
public final class ClassDataTrainingReactiveNode implements ReactiveNodeMain {

    private static final int MESSAGES = 3;

    @Override
    public Publisher<?> run(ReactorNode node) {
        AtomicInteger received = new AtomicInteger();
        return node.send("echo", node.events()
                        .filter(e -> e instanceof Event.Input)
                        .map(e -> Data.longs(((Event.Input) e).data().getValueCount(), received.incrementAndGet())))
                .then(Mono.fromRunnable(() -> {
                    if (received.get() != MESSAGES) {
                        throw new IllegalStateException("received " + received.get() + " of " + MESSAGES
                                + " messages");
                    }
                }));
    }
}
