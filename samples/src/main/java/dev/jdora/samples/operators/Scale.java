package dev.jdora.samples.operators;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.reactor.Output;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A reactive operator: multiplies every {@code number} by {@code 10} and sends it on {@code scaled}. The runtime hands
 * it the operator's events as a demand-driven {@code Flux} that completes after {@code Stop}, and sends every
 * {@link Output} of the returned publisher.
 */
public final class Scale implements Function<Flux<Event>, Publisher<Output>> {

    @Override
    public Publisher<Output> apply(Flux<Event> events) {
        return events.ofType(Event.Input.class)
                .map(in -> Output.of("scaled", Data.longs(10 * Data.toLongs(in.data())[0])));
    }
}
