package dev.jdora.samples.pipeline;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.reactor.ReactiveNodeMain;
import dev.jdora.reactor.ReactorNode;
import org.reactivestreams.Publisher;

/** Squares the even numbers it receives: a transform written as a Reactor pipeline over the node's events. */
public final class EvenSquares implements ReactiveNodeMain {

    @Override
    public Publisher<?> run(ReactorNode node) {
        return node.send("square", node.events()
                .filter(event -> event instanceof Event.Input input && input.id().equals("number"))
                .map(event -> Data.toLongs(((Event.Input) event).data())[0])
                .filter(n -> n % 2 == 0)
                .map(n -> Data.longs(n * n)));
    }
}
