package dev.jdora.reactor.internal;

import dev.jdora.core.Node;
import dev.jdora.reactor.Output;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends publishers of {@link Output}s through a node, on a bounded-elastic scheduler of its own (created on first
 * use, disposed by {@link #close()}), because {@code Node.send} may block on a {@code backpressure} input.
 *
 * <p>Upstream is requested {@link #PREFETCH} at a time by {@code publishOn}, and replenished only after a send has
 * returned, so at most one vector waits while one is being sent. Every {@code Output} or {@code ValueVector} that is
 * dropped on the way (error, cancellation) reaches the discard hook and is closed. Cancelling interrupts a send that
 * waits for a {@code backpressure} input (the scheduler worker is disposed); that interruption is expected and not
 * reported.
 */
final class OutputSender implements AutoCloseable {

    static final int PREFETCH = 1;
    private static final int SCHEDULER_TTL_SECONDS = 60;

    private final Node node;
    private @Nullable Scheduler scheduler;
    private boolean closed;

    OutputSender(Node node) {
        this.node = node;
    }

    Mono<Void> sendAll(Publisher<Output> outputs) {
        return Flux.defer(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            return Flux.from(new NullRejectingPublisher<>(outputs))
                    .publishOn(scheduler(), PREFETCH)
                    .doOnNext(output -> sendAndClose(output, cancelled))
                    .doOnCancel(() -> cancelled.set(true)); // below publishOn: set before it interrupts the send
        }).doOnDiscard(Object.class, OutputSender::release).then();
    }

    private void sendAndClose(Output output, AtomicBoolean cancelled) {
        try (output) {
            node.send(output.outputId(), output.data(), output.parameters());
        } catch (CancellationException e) {
            if (!cancelled.get()) {
                throw e;
            }
            // the subscriber cancelled while the send waited for a backpressure input: nobody to tell
        }
    }

    private static void release(Object discarded) {
        if (discarded instanceof Output output) {
            output.close();
        } else if (discarded instanceof ValueVector vector) {
            vector.close();
        }
    }

    private synchronized Scheduler scheduler() {
        if (closed) {
            throw new IllegalStateException("node '" + node.id() + "': closed, cannot send");
        }
        if (scheduler == null) {
            int threads = Math.max(1, node.outputIds().size());
            scheduler = Schedulers.newBoundedElastic(threads, Integer.MAX_VALUE, "jdora-send-" + node.id(),
                    SCHEDULER_TTL_SECONDS, true);
        }
        return scheduler;
    }

    /** Disposes the scheduler: sends in progress are interrupted and fail. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.dispose();
        }
    }
}
