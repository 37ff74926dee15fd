package dev.jdora.reactor.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.internal.Wakeable;
import dev.jdora.core.internal.InputLender;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.FluxSink;

/**
 * The one thread that feeds a subscribed {@code events()} {@code Flux}: it reads the node only while downstream
 * demand is outstanding and parks otherwise; {@code request(n)} and cancellation unpark it.
 *
 * <p>The sink must use {@code OverflowStrategy.IGNORE}, so that {@code sink.next} calls {@code onNext} synchronously
 * on this thread (a buffering sink may hand the element to another thread's drain loop). That is what makes it sound
 * to release an {@code Input}'s data right after {@code sink.next} returns. Demand is honoured here instead.
 *
 * <p>Cancellation and close end the thread's wait for the next event through {@link Wakeable#wakeup()} when the
 * node supports it (every node jdora makes does), so an idle pump waits without waking up; another {@code Node}
 * implementation is asked at most every {@link #POLL}. The thread is never interrupted, since an interrupt would make
 * the node's pull API throw.
 *
 * <p>The pump lets go of the sink (and so of the subscriber) when its thread ends, right after a cancellation: the
 * node keeps its pump, and a cancelled subscriber must be free to be collected (Reactive Streams §3.13).
 */
final class EventPump implements Runnable {

    static final Duration POLL = Duration.ofMillis(20);
    /** How long a wakeable node's wait may last; a safety limit only: cancellation and close wake it. */
    static final Duration WAKEABLE_POLL = Duration.ofSeconds(1);

    private final Node node;
    private final Duration poll;
    private @Nullable FluxSink<Event> sink; // written at construction and by the pump thread as it ends
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean closing;

    EventPump(Node node, FluxSink<Event> sink) {
        this.node = node;
        this.poll = node instanceof Wakeable ? WAKEABLE_POLL : POLL;
        this.sink = sink;
        this.thread = new Thread(this, "jdora-events-" + node.id());
        thread.setDaemon(true);
        sink.onRequest(n -> LockSupport.unpark(thread));
        sink.onDispose(this::stop);
    }

    void start() {
        thread.start();
    }

    /** Cancellation or termination: the thread leaves its loop and ends; the sink is not touched. Any thread. */
    void stop() {
        stopped = true;
        wakeNode();
        LockSupport.unpark(thread);
    }

    private void wakeNode() {
        if (node instanceof Wakeable wakeable) {
            wakeable.wakeup();
        }
    }

    /**
     * The node is being closed: the thread completes the sink and ends. Waits up to {@code timeout} for that (not at
     * all if called on the pump thread itself, from within {@code onNext}).
     *
     * @return whether the thread has ended (or will right after the current {@code onNext})
     */
    boolean shutdown(Duration timeout) throws InterruptedException {
        closing = true;
        wakeNode();
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return true;
        }
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    @Override
    public void run() {
        FluxSink<Event> out = sink;
        if (out == null) {
            return;
        }
        try {
            pump(out);
        } catch (Throwable t) {
            out.error(t);
            Exceptions.throwIfJvmFatal(t);
        } finally {
            sink = null;
        }
    }

    private void pump(FluxSink<Event> sink) {
        while (!stopped) {
            if (closing) {
                sink.complete();
                return;
            }
            if (sink.requestedFromDownstream() == 0) {
                LockSupport.park(this);
                continue;
            }
            Optional<Event> next = node.next(poll);
            if (next.isPresent()) {
                if (emit(sink, next.get())) {
                    return;
                }
            } else if (node.isEndOfStream()) {
                sink.complete();
                return;
            }
        }
    }

    /**
     * Emits one event, releases its data once {@code onNext} returned; true if it was the last one. A jdora node
     * releases it through its readers, which keep the vectors they reuse (no allocation for the next message).
     */
    private boolean emit(FluxSink<Event> sink, Event event) {
        try {
            sink.next(event);
        } finally {
            if (event instanceof Event.Input input) {
                if (node instanceof InputLender lender) {
                    lender.releaseLentInput();
                } else {
                    input.close();
                }
            }
        }
        if (event instanceof Event.Stop || event instanceof Event.Error) {
            sink.complete();
            return true;
        }
        return false;
    }
}
