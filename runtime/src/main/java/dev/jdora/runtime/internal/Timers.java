package dev.jdora.runtime.internal;

import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Metadata;
import dev.jdora.core.transport.ChannelClosedException;
import dev.jdora.core.transport.OutputWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.NullVector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's timers ({@code dora/timer/...}): one channel per timer input, ticking at a fixed rate from the
 * moment the start barrier opens. Each tick is an empty Arrow array (a zero-length null array), stamped by the
 * timers' clock. A timer thread may block on its {@code backpressure} input; other timers tick on their own threads.
 *
 * <p><b>Threads.</b> The ticks of all timers run on a pool of {@code jdora-timer-<n>} threads, one per timer; the
 * ticks of one timer never overlap but may run on any of them, one after another, so each writer is used from
 * several threads (the {@link OutputWriter} contract allows it). {@link #add}, {@link #start} and {@link #close()}
 * from any thread.
 */
final class Timers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Timers.class);

    private final List<Timer> timers = new ArrayList<>();
    private final HybridLogicalClock clock = new HybridLogicalClock();
    private final NullVector tick = new NullVector("tick");
    private @Nullable ScheduledExecutorService executor;

    /**
     * One timer; {@link #end()} ends it alone. {@code failures} is touched only by the tick in progress (ticks of one
     * timer never overlap).
     */
    static final class Timer {
        final Duration period;
        final OutputWriter writer;
        long failures;
        private volatile boolean ended;
        private volatile @Nullable ScheduledFuture<?> ticking;

        Timer(Duration period, OutputWriter writer) {
            this.period = period;
            this.writer = writer;
        }

        /**
         * Stops this timer's ticks and ends its channel: its reader gets {@code InputClosed}. A tick in progress may
         * still arrive. Idempotent; any thread.
         */
        void end() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            ScheduledFuture<?> future = ticking;
            if (future != null) {
                future.cancel(false);
            }
            writer.close();
        }

        @Override
        public String toString() {
            return "timer every " + period + " (" + writer + ")";
        }
    }

    private volatile boolean closed;

    /** Registers the writer of a timer channel that ticks every {@code period}. Before {@link #start()}. */
    synchronized Timer add(Duration period, OutputWriter writer) {
        Timer timer = new Timer(period, writer);
        timers.add(timer);
        return timer;
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
            long nanos = timer.period.toNanos();
            if (!timer.ended) {
                ScheduledFuture<?> future = pool.scheduleAtFixedRate(() -> tick(timer), nanos, nanos,
                        TimeUnit.NANOSECONDS);
                timer.ticking = future;
                if (timer.ended) {
                    future.cancel(false); // ended while it was being scheduled
                }
            }
        }
    }

    /**
     * One tick. Never throws: an exception would cancel the timer silently (that is how a scheduled executor treats a
     * periodic task that throws). A closed channel is normal only while the timers close; anything else is a lost tick
     * and is logged: the first failure of a timer at error with its cause, then every 1000th at warn with the count.
     */
    private void tick(Timer timer) {
        if (timer.ended) {
            return;
        }
        try {
            timer.writer.send(tick, Metadata.of(clock.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutdownNow: the timers are closing
        } catch (ChannelClosedException e) {
            if (!closed && !timer.ended) {
                lost(timer, e);
            }
        } catch (RuntimeException e) {
            lost(timer, e);
        } catch (Error e) {
            LOG.error("{}: stopped: {}", timer, e.toString(), e); // rethrown: the timer stops, but not silently
            throw e;
        }
    }

    private static void lost(Timer timer, RuntimeException e) {
        long n = ++timer.failures;
        if (n == 1) {
            LOG.error("{}: a tick was lost: {}", timer, e.toString(), e);
        } else if (n % 1000 == 0) {
            LOG.warn("{}: {} ticks lost so far, the last because of {}", timer, n, e.toString());
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
        timers.forEach(Timer::end);
        tick.close();
    }
}
