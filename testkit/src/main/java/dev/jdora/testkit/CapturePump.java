package dev.jdora.testkit;

import dev.jdora.core.internal.WakeSignal;
import dev.jdora.core.transport.InputReader;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Emits one {@link OutputCapture} as a {@code Flux}: a harness thread polls the capture only while the subscriber has
 * requested more, and otherwise waits on a {@link WakeSignal} (woken by new data, the output's end, new demand or
 * cancellation). The thread ends when the output ends, the subscriber cancels, or the harness closes.
 */
final class CapturePump implements Runnable {

    /** A backstop only: every state change wakes the pump. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final OutputCapture capture;
    private final FluxSink<Captured> sink;
    private final WakeSignal signal = new WakeSignal();
    private volatile boolean stopped;
    private volatile boolean harnessClosed;

    private CapturePump(OutputCapture capture, FluxSink<Captured> sink) {
        this.capture = capture;
        this.sink = sink;
    }

    /**
     * A cold {@code Flux} of what the node sends on {@code capture}'s output; each subscriber gets its own pump
     * thread, and subscribers share the messages (each message goes to one of them).
     */
    static Flux<Captured> flux(OutputCapture capture, HarnessThreads threads, PumpRegistry registry) {
        return Flux.create(sink -> {
            CapturePump pump = new CapturePump(capture, sink);
            sink.onRequest(n -> pump.signal.wake());
            sink.onDispose(pump::stop);
            registry.add(pump);
            threads.start("-capture-" + capture.outputId(), pump);
        });
    }

    /** Registers the pumps of one harness, so that its {@code close()} can end them. */
    interface PumpRegistry {
        void add(CapturePump pump);
    }

    @Override
    public void run() {
        capture.addListener(signal);
        try {
            while (!stopped) {
                if (sink.requestedFromDownstream() > 0) {
                    Captured next = capture.poll();
                    if (next != null) {
                        sink.next(next);
                        continue;
                    }
                }
                if (terminateIfEnded()) {
                    return;
                }
                signal.await(IDLE_NANOS);
            }
            if (harnessClosed && !sink.isCancelled()) {
                sink.error(new CancellationException(capture.describe() + ": the harness was closed"));
            }
        } catch (InterruptedException e) {
            sink.error(new CancellationException(capture.describe() + ": capture thread interrupted"));
        } catch (RuntimeException | Error e) {
            sink.error(e);
        } finally {
            capture.removeListener(signal);
        }
    }

    private boolean terminateIfEnded() {
        InputReader.State state = capture.state();
        if (state instanceof InputReader.State.Failed failed) {
            sink.error(new IllegalStateException(capture.describe() + ": the node failed: " + failed.error()));
            return true;
        }
        if (state instanceof InputReader.State.Ended) {
            sink.complete();
            return true;
        }
        return false;
    }

    /** Ends the pump (subscriber cancelled). */
    void stop() {
        stopped = true;
        signal.wake();
    }

    /** Ends the pump because the harness closes; a subscriber still listening gets an error. */
    void closeHarness() {
        harnessClosed = true;
        stop();
    }
}
