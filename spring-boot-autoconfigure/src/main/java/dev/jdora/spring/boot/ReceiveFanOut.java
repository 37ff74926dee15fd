package dev.jdora.spring.boot;

import dev.jdora.core.Event;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Hands the inputs of the application's node to its {@link ReactiveDataflowRun#receive} subscribers, reading the
 * node's events only as fast as the slowest of them: the next event is requested from the node (and so from the
 * transport) only once every current subscriber has requested a message. A slow subscriber therefore slows the node,
 * and the queue rules of its inputs apply as for any node: a {@code backpressure} input makes its source wait, a
 * {@code drop_oldest} input drops its oldest messages and counts them. With no subscriber at all, the node reads at the
 * pace messages come, and they reach nobody.
 *
 * <p>Each message is decoded for each subscriber on the node's event thread while its data is lent, so what is handed
 * on holds no Arrow buffer. After {@link #drain()} (the dataflow is stopping) the node no longer waits for demand:
 * what its inputs still hold is read and buffered per subscriber, so the node reaches its {@code Stop} within the grace
 * period and nothing already queued on a {@code backpressure} input is lost.
 *
 * <p>Thread-safe: the events are read on the node's event thread; subscribers request and cancel on theirs.
 */
final class ReceiveFanOut {

    private final String nodeId;
    private final InputObserver observer;
    private final Set<Receiver<?>> receivers = ConcurrentHashMap.newKeySet();
    /** An event has been requested from the node and not yet handled. */
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile @Nullable Subscription events;
    private volatile boolean draining;
    private volatile boolean ended;

    /** @param observer runs the hand-over of each input (to every subscriber) */
    ReceiveFanOut(String nodeId, InputObserver observer) {
        this.nodeId = nodeId;
        this.observer = observer;
    }

    /** Reads {@code events} until they end, handing each input to the subscribers; completes with them. */
    Mono<Void> readFrom(Flux<Event> events) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> done = Sinks.empty();
            Reader reader = new Reader(done);
            events.subscribe(reader);
            return done.asMono().doOnCancel(reader::dispose);
        });
    }

    /** What input {@code inputId} receives from now on, decoded by {@code decode}; see the type documentation. */
    <T> Flux<T> receive(String inputId, Function<Event.Input, T> decode) {
        return Flux.create(sink -> {
            Receiver<T> receiver = new Receiver<>(inputId, decode, sink);
            receivers.add(receiver);
            sink.onRequest(n -> requestIfReady());
            sink.onDispose(() -> {
                receivers.remove(receiver);
                requestIfReady();
            });
            if (ended) { // the events ended while this one was being added
                sink.complete();
            }
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /** From now on, reads whatever the node's inputs hold without waiting for the subscribers' demand. */
    void drain() {
        draining = true;
        requestIfReady();
    }

    private void requestIfReady() {
        Subscription s = events;
        if (s == null || ended) {
            return;
        }
        if ((draining || receivers.stream().allMatch(Receiver::hasDemand)) && requested.compareAndSet(false, true)) {
            s.request(1);
        }
    }

    private void end(@Nullable Throwable error) {
        ended = true;
        for (Receiver<?> receiver : receivers) {
            if (error == null) {
                receiver.sink.complete();
            } else {
                receiver.sink.error(error);
            }
        }
    }

    /** The node's event subscriber: one event requested at a time, when every subscriber can take it. */
    private final class Reader extends BaseSubscriber<Event> {
        private final Sinks.Empty<Void> done;

        Reader(Sinks.Empty<Void> done) {
            this.done = done;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            events = subscription;
            requestIfReady();
        }

        @Override
        protected void hookOnNext(Event event) {
            if (event instanceof Event.Input in) {
                observer.observe(nodeId, in, () -> receivers.forEach(receiver -> receiver.offer(in)));
            }
            requested.set(false); // after the hand-over: a request made meanwhile is re-checked just below
            requestIfReady();
        }

        @Override
        protected void hookOnComplete() {
            end(null);
            done.tryEmitEmpty();
        }

        @Override
        protected void hookOnError(Throwable error) {
            end(error);
            done.tryEmitError(error);
        }

        @Override
        protected void hookOnCancel() {
            end(null);
            done.tryEmitEmpty();
        }
    }

    /** One subscriber of one input. */
    private record Receiver<T>(String inputId, Function<Event.Input, T> decode, FluxSink<T> sink) {

        boolean hasDemand() {
            return sink.requestedFromDownstream() > 0 || sink.isCancelled();
        }

        void offer(Event.Input in) {
            if (!in.id().equals(inputId)) {
                return;
            }
            T value;
            try {
                value = decode.apply(in);
            } catch (RuntimeException e) {
                sink.error(e); // this subscriber's decoder failed; the node and the other subscribers go on
                return;
            }
            if (value == null) {
                sink.error(new NullPointerException("the decoder of input '" + inputId + "' returned null"));
            } else {
                sink.next(value);
            }
        }
    }
}
