package dev.jdora.bench;

import dev.jdora.core.Event;
import dev.jdora.reactor.ReactiveNodeMain;
import dev.jdora.reactor.ReactorNode;
import java.nio.file.Path;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@link JdoraReceiver} written with the Reactor adapter: the same recording, done in {@code doOnNext} of
 * {@code node.events().ofType(Event.Input.class)} (the bridge's event thread), instead of a pull loop.
 */
public final class JdoraReactorReceiver implements ReactiveNodeMain {

    @Override
    public Publisher<?> run(ReactorNode node) {
        RunSpec spec = RunSpec.fromEnv(node.node().env());
        LatencyRecorder recorder = new LatencyRecorder(spec);
        return node.events()
                .ofType(Event.Input.class)
                .doOnNext(in -> {
                    long received = System.nanoTime();
                    recorder.record((Long) in.metadata().parameters().get("t"), received);
                })
                .then(Mono.fromRunnable(() -> {
                    if (!recorder.done()) {
                        throw new IllegalStateException("received " + recorder.seen() + " of " + spec.total()
                                + " messages");
                    }
                    recorder.result().write(Path.of(node.node().env().get("BENCH_RESULT")));
                }));
    }
}
