package dev.jdora.runtime.internal;

import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Metadata;
import dev.jdora.core.transport.OutputWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.NullVector;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's timers ({@code dora/timer/...}): one channel per timer input, ticking at a fixed rate from the
 * moment the start barrier opens. Each tick is an empty Arrow array (a zero-length null array), stamped by the
 * timers' clock. A timer thread may block on its {@code backpressure} input; other timers tick on their own threads.
 */
final class Timers implements AutoCloseable {

    private final List<Timer> timers = new ArrayList<>();
    private final HybridLogicalClock clock = new HybridLogicalClock();
    private final NullVector tick = new NullVector("tick");
    private @Nullable ScheduledExecutorService executor;

    private record Timer(Duration period, OutputWriter writer) {
    }

    private boolean closed;

    /** Registers the writer of a timer channel that ticks every {@code period}. Before {@link #start()}. */
    synchronized void add(Duration period, OutputWriter writer) {
        timers.add(new Timer(period, writer));
    }

    /** Starts ticking. Called once, after the start barrier opened. */
    synchronized void start() {
        if (timers.isEmpty() || executor != null || closed) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(timers.size(), r -> {
            Thread t = new Thread(r, "jdora-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = pool;
        for (Timer timer : timers) {
            long nanos = timer.period().toNanos();
            pool.scheduleAtFixedRate(() -> tick(timer), nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void tick(Timer timer) {
        try {
            timer.writer().send(tick, Metadata.of(clock.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException closed) {
            // the run is ending
        }
    }

    /** Stops ticking and ends the timer channels. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timers.forEach(t -> t.writer().close());
        tick.close();
    }
}
