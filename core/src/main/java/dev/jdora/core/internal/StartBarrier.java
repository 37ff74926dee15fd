package dev.jdora.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The start barrier of a dataflow (DESIGN.md rule 4): opens once every node reads its events (see
 * {@link NodeContext#markReading()}); until then no node receives an event and no timer ticks. Nodes waiting for it
 * wait on their {@link WakeSignal}, which the barrier wakes when it opens, so a {@code Stop} can still reach them
 * while it is closed. Thread-safe.
 */
public final class StartBarrier {

    private final CountDownLatch remaining;
    private final List<WakeSignal> waiters = new CopyOnWriteArrayList<>();
    private final AtomicBoolean oneRemainsFired = new AtomicBoolean();
    private volatile @Nullable Runnable oneRemains;

    /** A barrier for {@code parties} nodes. */
    public StartBarrier(int parties) {
        this.remaining = new CountDownLatch(parties);
    }

    /** A barrier that is already open (a node tested on its own). */
    public static StartBarrier open() {
        return new StartBarrier(0);
    }

    /** Wakes {@code signal} when the barrier opens (at once if it is open). */
    public void wakeOnOpen(WakeSignal signal) {
        waiters.add(signal);
        if (isOpen()) {
            signal.wake();
        }
    }

    /** One node reads its events (or never will, because it ended): call exactly once per node. */
    public void arrive() {
        remaining.countDown();
        if (isOpen()) {
            waiters.forEach(WakeSignal::wake);
        }
        fireWhenOneRemains();
    }

    /**
     * Runs {@code action} once, on the thread of the arrival that leaves exactly one party (at once if that has
     * happened already): for a barrier whose last party is a gate opened from outside (a machine of a dataflow that
     * spans several waits for the others). {@code action} must not block.
     */
    public void whenOneRemains(Runnable action) {
        oneRemains = action;
        fireWhenOneRemains();
    }

    private void fireWhenOneRemains() {
        Runnable action = oneRemains;
        if (action != null && remaining.getCount() <= 1 && oneRemainsFired.compareAndSet(false, true)) {
            action.run();
        }
    }

    /** True once every node has arrived. */
    public boolean isOpen() {
        return remaining.getCount() == 0;
    }

    /** Waits until open or until {@code nanos} have passed; returns whether it is open. Blocks. */
    public boolean await(long nanos) throws InterruptedException {
        return remaining.await(nanos, TimeUnit.NANOSECONDS);
    }
}
