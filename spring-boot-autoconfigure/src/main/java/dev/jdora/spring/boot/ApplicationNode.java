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
 * The program of the application's own node ({@code bean: application}): hands what the node receives to the
 * {@link ReactiveDataflowRun#receive} subscribers at the pace of the slowest ({@link ReceiveFanOut}), and sends, one
 * publisher after the other, what {@link ReactiveDataflowRun#send} is given. The node ends after its {@code Stop}:
 * sending is cut there too (a publisher still sending is cancelled and its caller's {@code Mono} fails, as do the
 * callers of publishers still queued), so an endless publisher does not keep the node alive. Thread-safe.
 */
final class ApplicationNode implements ReactiveNodeMain {

    private final String nodeId;
    private final Set<String> inputIds;
    private final ReceiveFanOut received;
    private final Sinks.Many<Pending> toSend = Sinks.many().unicast().onBackpressureBuffer();

    /** A publisher given to {@link #send}, and the completion of the {@code Mono} its caller got. */
    private record Pending(Flux<Output> outputs, Sinks.Empty<Void> sent) {
    }

    ApplicationNode(String nodeId, Set<String> inputIds, InputObserver observer) {
        this.nodeId = nodeId;
        this.inputIds = Set.copyOf(inputIds);
        this.received = new ReceiveFanOut(nodeId, observer);
    }

    @Override
    public Publisher<?> run(ReactorNode node) {
        Sinks.Empty<Void> eventsEnded = Sinks.empty();
        Mono<Void> reading = received.readFrom(node.events())
                .doFinally(signal -> {
                    eventsEnded.tryEmitEmpty();
                    synchronized (toSend) {
                        toSend.tryEmitComplete();
                    }
                });
        Flux<Output> sending = toSend.asFlux()
                .concatMap(Pending::outputs)
                .takeUntilOther(eventsEnded.asMono().thenReturn(true))
                .doOnDiscard(Pending.class, pending -> pending.sent().tryEmitError(stopped()));
        return Mono.when(reading, node.sendAll(sending));
    }

    <T> Flux<T> receive(String inputId, Function<Event.Input, T> decode) {
        if (!inputIds.contains(inputId)) {
            return Flux.error(new IllegalArgumentException("node '" + nodeId + "' (bean: application) has no input '"
                    + inputId + "'; its inputs: " + inputIds));
        }
        return received.receive(inputId, decode);
    }

    /** The dataflow is stopping: the node reads what its inputs still hold without waiting for subscribers. */
    void stopping() {
        received.drain();
    }

    Mono<Void> send(Publisher<Output> outputs) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> sent = Sinks.empty();
            Flux<Output> queued = Flux.from(outputs)
                    .doOnComplete(sent::tryEmitEmpty)
                    .doOnCancel(() -> sent.tryEmitError(stopped()))
                    .onErrorResume(e -> {
                        sent.tryEmitError(e);
                        return Flux.empty();
                    });
            Sinks.EmitResult result;
            synchronized (toSend) {
                result = toSend.tryEmitNext(new Pending(queued, sent));
            }
            return result.isSuccess() ? sent.asMono() : Mono.error(stopped());
        });
    }

    private IllegalStateException stopped() {
        return new IllegalStateException("node '" + nodeId + "' has stopped: nothing more is sent");
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
