package dev.jdora.cluster.internal;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * How a receiver node waits between polls of its Aeron streams: it backs off (spins, yields, then parks that double)
 * to parks of at most 50 µs while data came in the last 100 ms, so a message of a steady stream waits little for
 * the next poll, and to parks of at most 1 ms once the streams have been quiet longer, so an idle receiver costs
 * almost no CPU. Aeron has no blocking poll, hence the parks.
 *
 * <p><b>Threads.</b> One thread (the receiver node's).
 */
final class ReceiverIdle implements IdleStrategy {

    private static final long RECENT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final IdleStrategy flowing = new BackoffIdleStrategy(100, 10, 1_000, 50_000);
    private final IdleStrategy quiet = new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
    private long lastWork = System.nanoTime();

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            lastWork = System.nanoTime();
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        (System.nanoTime() - lastWork < RECENT_NANOS ? flowing : quiet).idle();
    }

    @Override
    public void reset() {
        flowing.reset();
        quiet.reset();
    }

    @Override
    public String alias() {
        return "receiver";
    }
}
