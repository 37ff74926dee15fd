package dev.jdora.shm.internal;

import dev.jdora.core.transport.ConsumerWait;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's own doorbell, which its consumer thread waits on itself: a writer that finds one of the node's readers
 * asleep rings it, and the kernel wakes the consumer directly — one thread wake-up per message after a quiet spell
 * instead of two (doorbell thread, then consumer) through the process's {@link Doorbell}.
 *
 * <p>Wakes from within the process ({@link #wake()}: control events, timers, in-process readers) make the selector
 * return; they cost a system call only while the consumer waits or is about to: a wake sets {@code pending} and then
 * reads {@code waiting}, the consumer sets {@code waiting} and then reads {@code pending}, both volatile, so one of the
 * two always sees the other.
 *
 * <p><b>Threads.</b> {@link #await} from the node's one consumer thread; {@link #wake()} and {@link #close()} from any
 * thread. Owned by the {@link Channels} that opened it, which closes it.
 */
final class ConsumerBell implements ConsumerWait, ReaderBell {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerBell.class);

    private static final long POLL_NANOS = 1_000_000;

    private final BellSocket socket;
    private volatile boolean waiting;
    private volatile boolean pending;
    private volatile boolean failed;

    private ConsumerBell(BellSocket socket) {
        this.socket = socket;
    }

    /** Opens a consumer's doorbell in {@code directory} (the channels' private directory). */
    static ConsumerBell open(Path directory) {
        return new ConsumerBell(BellSocket.open(directory));
    }

    @Override
    public long id() {
        return socket.id();
    }

    @Override
    public boolean alive() {
        return !failed && !socket.isClosed();
    }

    /** Nothing to register: the consumer is woken by the ring itself and then polls its readers. */
    @Override
    public void register(Runnable onAvailable) {
    }

    @Override
    public void unregister(Runnable onAvailable) {
    }

    @Override
    public void await(long nanos) throws InterruptedException {
        waiting = true;
        try {
            if (pending) {
                return;
            }
            if (alive()) {
                socket.select(millis(nanos));
            } else {
                // no ring can come (closed, or failed): its readers refuse to arm, so the consumer polls; poll at
                // most every millisecond rather than spin
                LockSupport.parkNanos(Math.min(nanos, POLL_NANOS));
            }
        } catch (ClosedSelectorException e) {
            // closed while waiting: the node is ending; the consumer polls and sees it
        } catch (IOException | RuntimeException e) {
            failed = true; // its readers poll from now on (armWakeup refuses)
            LOG.error("doorbell {} failed; this node's readers poll from now on", socket.file(), e);
        } finally {
            waiting = false;
            pending = false;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** {@code nanos} rounded up to whole milliseconds, at least 1; 0 (no limit) for a wait too long to count. */
    static long millis(long nanos) {
        if (nanos > Long.MAX_VALUE - 999_999) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    @Override
    public void wake() {
        pending = true;
        if (waiting) {
            socket.wakeup();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
