package dev.jdora.core.internal;

import dev.jdora.core.transport.ConsumerWait;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Wakes a node's single consumer thread when anything it waits for happens (a message queued, a channel ended, a
 * control event). A wake that comes while nobody waits is remembered, so none is lost.
 *
 * <p>Built on a {@link ConsumerWait} of the node's transport, the consumer sleeps there, where writers in other
 * processes wake it directly; otherwise on a lock's condition.
 *
 * <p>{@link #wake()} may be called from any thread and never blocks for long; while nobody waits it is two volatile
 * accesses and takes no lock, so a writer that keeps a busy consumer fed pays nothing for waking it. {@link #await}
 * is for the consumer.
 */
public final class WakeSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private final @Nullable ConsumerWait kernel;
    /** Set by {@link #wake()}, cleared by the waiter; volatile so that it pairs with {@link #waiters}. */
    private volatile boolean pending;
    /** How many threads are inside {@link #await}; a wake takes the lock only when it is not zero. */
    private volatile int waiters;
    private final List<WakeSignal> followers = new CopyOnWriteArrayList<>();

    /** A signal the consumer waits for on a lock's condition. */
    public WakeSignal() {
        this.kernel = null;
    }

    /** A signal the consumer waits for in {@code wait}, which the transport's writers can ring themselves. */
    public WakeSignal(ConsumerWait wait) {
        this.kernel = wait;
    }

    /**
     * Makes every {@link #wake()} of this signal also wake {@code follower} (an operator's own event stream).
     *
     * @throws IllegalStateException if this signal waits in a {@link ConsumerWait}: writers in other processes ring
     *                               that directly, and only the one thread waiting in it would hear them
     */
    public void forwardTo(WakeSignal follower) {
        if (kernel != null) {
            throw new IllegalStateException("a signal waited on in the transport's consumer wait has one consumer; "
                    + "its events cannot be shared out to other threads");
        }
        followers.add(follower);
    }

    /** Wakes the consumer, now or at its next {@link #await}. */
    public void wake() {
        followers.forEach(WakeSignal::wake);
        if (kernel != null) {
            kernel.wake();
            return;
        }
        // A Dekker pair with await: pending is written before waiters is read, waiters before pending (both
        // volatile), so either this wake sees the waiter and signals it, or the waiter sees pending and does not wait.
        pending = true;
        if (waiters == 0) {
            return;
        }
        lock.lock();
        try {
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until woken or {@code nanos} have passed; clears the wake.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public void await(long nanos) throws InterruptedException {
        if (kernel != null) {
            kernel.await(nanos);
            return;
        }
        lock.lock();
        waiters++; // only ever changed under the lock
        try {
            long left = nanos;
            while (!pending && left > 0) {
                left = woken.awaitNanos(left);
            }
            pending = false;
        } finally {
            waiters--;
            lock.unlock();
        }
    }

    /** Same as {@link #await(long)} with a {@link TimeUnit}. */
    public void await(long amount, TimeUnit unit) throws InterruptedException {
        await(unit.toNanos(amount));
    }
}
