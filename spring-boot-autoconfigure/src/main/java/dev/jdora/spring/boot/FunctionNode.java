package dev.jdora.spring.boot;

import dev.jdora.core.Event;
import dev.jdora.reactor.Output;
import dev.jdora.reactor.ReactiveNodeMain;
import dev.jdora.reactor.ReactorNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A node made of function beans, as Spring Cloud Stream binds functions to a broker: a {@code Function} gets the
 * node's events and its outputs are sent; a {@code Consumer} gets the events (and subscribes to them itself); a
 * {@code Supplier}'s outputs are sent until the node's events end. With several parts reading events, each event is
 * given to all of them, one after the other, on the node's event thread, and read from the transport only as far as
 * every one of them has requested: demand is real end to end.
 *
 * <p>The node is done when every part is: the events end after {@code Stop}, which ends what a {@code Function}
 * returns (if it follows its input) and a {@code Supplier}'s sending. An error of any part fails the node.
 */
final class FunctionNode implements ReactiveNodeMain {

    /** One function bean bound to the node. */
    sealed interface Part {

        String beanName();

        @SuppressWarnings("unchecked")
        static Part of(String name, Class<?> shape, Object bean) {
            if (shape == Function.class) {
                return new EventFunction(name, (Function<Flux<Event>, Publisher<Output>>) bean);
            }
            if (shape == Consumer.class) {
                return new EventConsumer(name, (Consumer<Flux<Event>>) bean);
            }
            return new OutputSupplier(name, (Supplier<Publisher<Output>>) bean);
        }
    }

    record EventFunction(String beanName, Function<Flux<Event>, Publisher<Output>> function) implements Part {
    }

    record EventConsumer(String beanName, Consumer<Flux<Event>> consumer) implements Part {
    }

    record OutputSupplier(String beanName, Supplier<Publisher<Output>> supplier) implements Part {
    }

    private final List<Part> parts;
    private final InputObserver observer;

    /** @param observer runs the handling of each input (by the parts, synchronously on the event thread) */
    FunctionNode(List<Part> parts, InputObserver observer) {
        this.observer = observer;
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a function node needs at least one function");
        }
        this.parts = List.copyOf(parts);
    }

    List<Part> parts() {
        return parts;
    }

    @Override
    public Publisher<?> run(ReactorNode node) {
        Sinks.Empty<Void> eventsEnded = Sinks.empty();
        Flux<Event> events = observed(node).doFinally(signal -> eventsEnded.tryEmitEmpty());
        int readers = (int) parts.stream().filter(p -> !(p instanceof OutputSupplier)).count();
        Flux<Event> shared = readers <= 1 ? events : events.publish().autoConnect(readers);
        Mono<Boolean> endOfEvents = eventsEnded.asMono().thenReturn(true);
        List<Mono<Void>> running = new ArrayList<>();
        if (readers == 0) {
            running.add(events.then()); // someone must read the events to see Stop
        }
        for (Part part : parts) {
            if (part instanceof EventFunction f) {
                running.add(node.sendAll(Flux.defer(() -> f.function().apply(shared))));
            } else if (part instanceof EventConsumer c) {
                Sinks.Empty<Void> done = Sinks.empty();
                c.consumer().accept(shared.doOnError(done::tryEmitError).doOnComplete(done::tryEmitEmpty)
                        .doOnCancel(done::tryEmitEmpty));
                running.add(done.asMono());
            } else if (part instanceof OutputSupplier s) {
                running.add(node.sendAll(Flux.from(s.supplier().get()).takeUntilOther(endOfEvents)));
            }
        }
        return Mono.when(running);
    }

    /** The node's events, each input handed on within the observer's observation. */
    private Flux<Event> observed(ReactorNode node) {
        if (observer == InputObserver.NONE) {
            return node.events();
        }
        return node.events().handle((event, sink) -> {
            if (event instanceof Event.Input in) {
                observer.observe(node.id(), in, () -> sink.next(in));
            } else {
                sink.next(event);
            }
        });
    }
}
