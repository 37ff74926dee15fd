package dev.jdora.reactor.internal;

import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A user's publisher as {@code send} subscribes to it: the subscriber it gets throws {@link NullPointerException}
 * for a {@code null} subscription, element or error (Reactive Streams §2.13) and otherwise forwards every signal, on
 * the calling thread, to the adapter's own subscriber. Reactor's operators assume a compliant source and would
 * accept such a {@code null} silently.
 */
final class NullRejectingPublisher<T> implements Publisher<T> {

    private final Publisher<T> source;

    NullRejectingPublisher(Publisher<T> source) {
        this.source = source;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        source.subscribe(new NullRejecting<>(subscriber));
    }

    private record NullRejecting<T>(Subscriber<? super T> actual) implements Subscriber<T> {

        @Override
        public void onSubscribe(Subscription subscription) {
            actual.onSubscribe(Objects.requireNonNull(subscription, "onSubscribe(null): §2.13"));
        }

        @Override
        public void onNext(T element) {
            actual.onNext(Objects.requireNonNull(element, "onNext(null): §2.13"));
        }

        @Override
        public void onError(Throwable error) {
            actual.onError(Objects.requireNonNull(error, "onError(null): §2.13"));
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }
    }
}
