package dev.jdora.runtime.internal;

import dev.jdora.core.internal.Plural;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Says while a run goes on that {@code drop_oldest} inputs drop messages: one line when an input starts dropping
 * ({@code node=X input=Y: dropping messages (queue_size N, drop_oldest)}), then at most one line per input and
 * {@link #INTERVAL} with what it dropped since the last line ({@code node=X input=Y: dropped K messages in the last
 * 10 s, T in all}). The count at the end of the run is reported by the caller of the run, as before.
 *
 * <p>The clock and the tick are injected: the runtime calls {@link #tick()} every second on its lifecycle thread with
 * {@link System#nanoTime()}; a test calls it with a fake clock.
 *
 * <p><b>Threads.</b> Not thread-safe: {@link #watch} before the first {@link #tick()}, then {@code tick} from one
 * thread at a time. Neither blocks, except in the counters it reads (which must not block) and in {@code out}.
 */
final class DropReporter {

    /** The least time between two lines about one input. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> out;
    private final List<Watched> inputs = new ArrayList<>();

    /**
     * @param nanoClock monotonic nanoseconds, such as {@code System::nanoTime}
     * @param out       where lines go (a log, the console); called on the ticking thread
     */
    DropReporter(Duration interval, LongSupplier nanoClock, Consumer<String> out) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.out = out;
    }

    /** Watches one {@code drop_oldest} input; {@code dropped} returns its drops so far (never blocking). */
    void watch(String nodeId, String inputId, int queueSize, LongSupplier dropped) {
        inputs.add(new Watched("node=" + nodeId + " input=" + inputId + ": ", queueSize, dropped));
    }

    /** Reads every counter once and writes the lines that are due. */
    void tick() {
        long now = nanoClock.getAsLong();
        for (Watched input : inputs) {
            input.tick(now);
        }
    }

    private final class Watched {
        private final String prefix;
        private final int queueSize;
        private final LongSupplier dropped;
        private long reported;
        private long reportedAt;
        private boolean started;
        private boolean broken;

        Watched(String prefix, int queueSize, LongSupplier dropped) {
            this.prefix = prefix;
            this.queueSize = queueSize;
            this.dropped = dropped;
        }

        void tick(long now) {
            if (broken) {
                return;
            }
            long count;
            try {
                count = dropped.getAsLong();
            } catch (RuntimeException e) {
                // said once, not on every tick; the final report reads the count again
                broken = true;
                out.accept(prefix + "cannot read the drop count: " + e.getMessage());
                return;
            }
            if (count <= reported) {
                return;
            }
            if (!started) {
                started = true;
                out.accept(prefix + "dropping messages (queue_size " + queueSize + ", drop_oldest)");
            } else if (now - reportedAt >= intervalNanos) {
                out.accept(prefix + "dropped " + Plural.count(count - reported, "message") + " in the last "
                        + TimeUnit.NANOSECONDS.toSeconds(now - reportedAt) + " s, " + count + " in all");
            } else {
                return;
            }
            reported = count;
            reportedAt = now;
        }
    }
}
