package dev.jdora.reactor.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.internal.OperatorAdapter;
import dev.jdora.reactor.Output;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * Hosts reactive operators: classes implementing {@code Function<Flux<Event>, Publisher<Output>>}. The function gets
 * the operator's event stream as the demand-driven {@code Flux} of {@link dev.jdora.reactor.ReactorNode#events()}
 * (read only on demand, completes after {@code Stop}; other operators' {@code Reload}s left out), and every
 * {@link Output} of the returned publisher is sent. The operator is done when that publisher terminates: completing
 * before {@code Stop} finishes the operator (like {@code STOP}), an error fails it. Found by the runtime through
 * {@link java.util.ServiceLoader}.
 */
public final class ReactiveOperatorAdapter implements OperatorAdapter {

    @Override
    public boolean accepts(Class<?> type) {
        if (!Function.class.isAssignableFrom(type)) {
            return false;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == Function.class) {
                    Type in = p.getActualTypeArguments()[0];
                    Type raw = in instanceof ParameterizedType pin ? pin.getRawType() : in;
                    return raw == Flux.class;
                }
            }
        }
        return false;
    }

    @Override
    public String description() {
        return "a java.util.function.Function<Flux<Event>, Publisher<Output>> (reactive operator)";
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(Object operator, String operatorId, Node events) throws Exception {
        var function = (Function<Flux<Event>, ? extends Publisher<Output>>) operator;
        DefaultReactorNode reactive = new DefaultReactorNode(events);
        try {
            Flux<Event> mine = reactive.events().filter(event -> !(event instanceof Event.Reload reload
                    && reload.operatorId().filter(id -> !id.equals(operatorId)).isPresent()));
            reactive.sendAll(Flux.defer(() -> function.apply(mine))).block();
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof Exception checked) {
                throw checked;
            }
            throw e;
        } finally {
            reactive.close(); // stops the event thread and the send scheduler; the host closes the outputs
        }
    }
}
