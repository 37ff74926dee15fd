package dev.jdora.runtime.internal;

import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Metadata;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.transport.OutputWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.NullVector;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's timers ({@code dora/timer/...}): one channel per distinct timer, ticking at a fixed rate from the
 * moment the start barrier opens. Each tick is an empty Arrow array (a zero-length null array), stamped by the
 * timers' clock. A timer thread may block on a {@code backpressure} input; other timers tick on their own threads.
 */
final class Timers implements AutoCloseable {

    private final Map<String, Timer> timers = new LinkedHashMap<>();
    private final HybridLogicalClock clock = new HybridLogicalClock();
    private final NullVector tick = new NullVector("tick");
    private @Nullable ScheduledExecutorService executor;

    private record Timer(Duration period, OutputWriter writer) {
    }

    /** Registers the writer of a timer channel (once per distinct timer). */
    void add(InputSource.Timer timer, OutputWriter writer) {
        timers.putIfAbsent(timer.text(), new Timer(timer.period(), writer));
    }

    boolean has(String text) {
        return timers.containsKey(text);
    }

    /** Starts ticking. Called once, after the start barrier opened. */
    synchronized void start() {
        if (timers.isEmpty() || executor != null) {
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
        for (Timer timer : timers.values()) {
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
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timers.values().forEach(t -> t.writer().close());
        tick.close();
    }
}
