package dev.jdora.spring.boot;

import dev.jdora.core.Event;
import dev.jdora.reactor.Output;
import dev.jdora.reactor.ReactiveNodeMain;
import dev.jdora.reactor.ReactorNode;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The program of the application's own node ({@code bean: application}): multicasts what the node receives to
 * {@link ReactiveDataflowRun#receive} subscribers, and sends, one publisher after the other, what
 * {@link ReactiveDataflowRun#send} is given. Thread-safe.
 */
final class ApplicationNode implements ReactiveNodeMain {

    private final String nodeId;
    private final Set<String> inputIds;
    private final Sinks.Many<Event.Input> received = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<Flux<Output>> toSend = Sinks.many().unicast().onBackpressureBuffer();

    ApplicationNode(String nodeId, Set<String> inputIds) {
        this.nodeId = nodeId;
        this.inputIds = Set.copyOf(inputIds);
    }

    @Override
    public Publisher<?> run(ReactorNode node) {
        Mono<Void> reading = node.events()
                .doOnNext(event -> {
                    if (event instanceof Event.Input in) {
                        received.tryEmitNext(in); // nobody subscribed (or no demand): nobody wanted it
                    }
                })
                .doFinally(signal -> {
                    received.tryEmitComplete();
                    synchronized (toSend) {
                        toSend.tryEmitComplete();
                    }
                })
                .then();
        return Mono.when(reading, node.sendAll(toSend.asFlux().concatMap(Function.identity())));
    }

    <T> Flux<T> receive(String inputId, Function<Event.Input, T> decode) {
        if (!inputIds.contains(inputId)) {
            return Flux.error(new IllegalArgumentException("node '" + nodeId + "' (bean: application) has no input '"
                    + inputId + "'; its inputs: " + inputIds));
        }
        return received.asFlux().filter(in -> in.id().equals(inputId)).map(decode);
    }

    Mono<Void> send(Publisher<Output> outputs) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> sent = Sinks.empty();
            Flux<Output> queued = Flux.from(outputs)
                    .doOnComplete(sent::tryEmitEmpty)
                    .onErrorResume(e -> {
                        sent.tryEmitError(e);
                        return Flux.empty();
                    });
            Sinks.EmitResult result;
            synchronized (toSend) {
                result = toSend.tryEmitNext(queued);
            }
            return result.isSuccess() ? sent.asMono()
                    : Mono.error(new IllegalStateException("node '" + nodeId + "' has stopped: nothing more is sent"));
        });
    }

    /** The application node of a run, if its dataflow has one. */
    static final class Holder {
        private volatile @Nullable ApplicationNode node;

        void set(ApplicationNode value) {
            if (node != null) {
                throw new IllegalArgumentException("only one node may be 'bean: " + ReactiveDataflowRun.APPLICATION
                        + "' (the application itself)");
            }
            node = value;
        }

        @Nullable ApplicationNode get() {
            return node;
        }
    }
}
