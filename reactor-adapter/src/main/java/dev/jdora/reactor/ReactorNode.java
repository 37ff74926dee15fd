package dev.jdora.reactor;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.reactor.internal.DefaultReactorNode;
import org.apache.arrow.vector.ValueVector;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A jdora node seen through Reactor: its event stream as a {@code Flux<Event>} that reads only as far as downstream
 * has requested (DESIGN.md rule 6), and its outputs fed by {@code Publisher}s.
 *
 * <pre>{@code
 * try (ReactorNode node = ReactorNode.fromEnv()) {
 *     Flux<ValueVector> doubled = node.events()                    // completes after Stop
 *             .ofType(Event.Input.class)
 *             .filter(in -> in.id().equals("numbers"))
 *             .map(in -> Data.longs(node.node().allocator(), twice(Data.toLongs(in.data()))));
 *     node.send("doubled", doubled).block();                      // blocking is fine on the node's own thread
 * }
 * }</pre>
 *
 * <p><b>Events: threads and demand.</b> {@link #events()} reads the node on a daemon thread of its own, named
 * {@code jdora-events-<nodeId>}, started when the {@code Flux} is subscribed. That thread reads an event only while
 * downstream demand is outstanding; with no demand it parks (no polling) until {@code request(n)} wakes it, so the
 * transport, not the heap, absorbs a slow subscriber ({@code queue_size} and {@code queue_policy} apply as for the
 * pull API). {@code onNext} is always called on that thread, never on the subscriber's; no Reactor thread is blocked.
 * The node counts as reading at the start barrier (see {@link Node}) from the first request on, not from the
 * subscription.
 *
 * <p><b>Events: ownership.</b> An {@link Event.Input}'s data is lent to downstream for the duration of
 * {@code onNext}: it is released as soon as {@code onNext} returns. Synchronous operators ({@code filter},
 * {@code map}, {@code handle}, {@code doOnNext}, {@code concatMap} with a synchronous inner) may read it directly.
 * Anything that keeps the event past {@code onNext} — {@code publishOn}, {@code buffer}, {@code window},
 * {@code flatMap} or {@code concatMap} with an asynchronous inner, {@code delayElements}, a cache — must first call
 * {@link Event.Input#takeData()} and then owns (and closes) the vector it got.
 *
 * <p><b>Events: terminal behaviour.</b> The {@code Flux} emits {@link Event.Stop} and then completes (DESIGN.md rule
 * 2). An {@link Event.Error} is also the last event, as in the pull API: the {@code Flux} emits it as an element and
 * then completes; it never signals {@code onError} for it (map it to {@code onError} with {@code handle} if you
 * prefer). {@code onError} is signalled only for failures of the adapter itself (e.g. an operator throwing in
 * {@code onNext}). If this {@code ReactorNode} is closed while subscribed, the {@code Flux} completes without
 * {@code Stop}, as {@code Node.next()} returns end-of-stream after {@code close()}. The {@code Flux} is unicast: it
 * can be subscribed once in the node's lifetime; a second subscriber receives {@link IllegalStateException}. Use
 * {@code share()} or {@code publish()} to fan out. Cancelling stops the reading thread (within ~20 ms) and closes
 * nothing else: the node stays open and events not yet read stay in the transport. Cancelling from inside
 * {@code onNext} (e.g. {@code take(n)}) loses nothing; cancelling from another thread may discard the one event being
 * read at that moment.
 *
 * <p><b>Outputs.</b> See {@link #send(String, Publisher)}. Sends run on a bounded-elastic scheduler owned by this
 * object (threads {@code jdora-send-<nodeId>-*}), since a send may block on a {@code backpressure} input.
 *
 * <p><b>Closing.</b> {@link #close()} stops the event thread, disposes the send scheduler and closes the
 * {@link Node}. Methods of this interface may be called from any thread.
 */
public interface ReactorNode extends AutoCloseable {

    /** Wraps {@code node}; the returned object owns it (closing it closes the node). */
    static ReactorNode of(Node node) {
        return new DefaultReactorNode(node);
    }

    /**
     * The node the jdora runtime started this code as, wrapped: {@code of(Node.fromEnv())}.
     *
     * @throws IllegalStateException if this code was not started by jdora, or if the node was already taken
     */
    static ReactorNode fromEnv() {
        return of(Node.fromEnv());
    }

    /**
     * The wrapped pull node: for its allocator, clock, input and output ids, and drop counters, and for zero-copy
     * sends with {@link Node#allocate} (which may block while the payload ring is full: call it on a thread that may
     * block, never on a Reactor non-blocking thread).
     */
    Node node();

    /** The node id from YAML. */
    default String id() {
        return node().id();
    }

    /**
     * The node's event stream: unicast, demand-driven, completes after {@code Stop} (or {@code Error}). See the type
     * documentation for threads, ownership and terminal behaviour. Every call returns an equivalent {@code Flux};
     * only the first subscription of any of them is accepted.
     */
    Flux<Event> events();

    /**
     * Sends every vector of {@code data} on {@code outputId}, in order, with no parameters.
     *
     * <p><b>Ownership.</b> Each vector emitted by {@code data} is handed over: it is closed after it has been sent,
     * and also if it is never sent (error, cancellation). Emit vectors you own — e.g. from {@code Data} helpers or
     * {@link Event.Input#takeData()} — never an {@code Input}'s lent {@code data()}.
     *
     * <p><b>Threads and demand.</b> Nothing happens until the returned {@code Mono} is subscribed. {@code data} is then
     * requested a little at a time (at most two vectors are held: one being sent, one waiting), and each vector is
     * sent on a scheduler thread owned by this object, which may block while a {@code backpressure} input is behind:
     * the caller's thread (a Reactor thread, say) never blocks. The {@code Mono} completes when {@code data} completes
     * and everything has been sent; it signals {@code data}'s error after sending what came before it, and any send
     * failure (e.g. {@link IllegalArgumentException} for an undeclared output) at once, cancelling {@code data}.
     *
     * <pre>{@code
     * node.send("squares", Flux.range(0, 10).map(i -> Data.longs(node.node().allocator(), (long) i * i)))
     *     .subscribe();
     * }</pre>
     */
    Mono<Void> send(String outputId, Publisher<? extends ValueVector> data);

    /**
     * Sends every {@link Output} of {@code outputs}, in order, each on its own output with its own parameters. Same
     * threads, demand, ownership and terminal behaviour as {@link #send(String, Publisher)}.
     *
     * <pre>{@code
     * node.sendAll(node.events().ofType(Event.Input.class)
     *         .map(in -> Output.of("copy", in.takeData(), Map.of("from", in.id()))));
     * }</pre>
     */
    Mono<Void> sendAll(Publisher<Output> outputs);

    /**
     * Stops the whole dataflow, as {@link Node#stopAll()}: every node, this one included, gets {@code Stop(MANUAL)},
     * so {@link #events()} emits its {@code Stop} and completes. Returns at once and never blocks: safe on a Reactor
     * thread, e.g. in {@code doOnNext}. Calling it again changes nothing.
     *
     * <pre>{@code
     * node.events().ofType(Event.Input.class).take(20).doOnComplete(node::stopAll).subscribe(...);
     * }</pre>
     */
    default void stopAll() {
        node().stopAll();
    }

    /**
     * Stops the event thread (a subscribed {@code Flux} completes), disposes the send scheduler (sends still running
     * fail) and closes the node. Waits up to a few seconds for the event thread to leave a running {@code onNext}.
     * Idempotent; may be called from any thread, also from within {@code onNext}.
     */
    @Override
    void close();
}
