package dev.jdora.shm.internal;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doorbell of a process: a {@link BellSocket} that one thread of the process ({@code jdora-doorbell}) waits on, and
 * on each ring runs the callbacks registered with it. It wakes this process's writers held back by their readers
 * ({@link WriterSleep}) and readers subscribed without a {@link ConsumerBell}; a node's consumer has a bell of its own
 * and needs no thread in between.
 *
 * <p><b>Threads.</b> {@link #register} and {@link #close()} from any thread; callbacks run on the doorbell thread and
 * must be quick and never block (as {@code onAvailable} must be). {@link #close()} stops the thread and deletes the
 * socket file.
 */
final class Doorbell implements ReaderBell {

    private static final Logger LOG = LoggerFactory.getLogger(Doorbell.class);

    private final BellSocket socket;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean failed;

    private Doorbell(BellSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::run, "jdora-doorbell-" + Long.toHexString(socket.id()));
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a new doorbell in {@code directory} (the channels' private directory) and starts its thread. */
    static Doorbell open(Path directory) {
        return new Doorbell(BellSocket.open(directory));
    }

    @Override
    public long id() {
        return socket.id();
    }

    /** Runs {@code onRing} on every ring from now on, until this doorbell is closed. */
    @Override
    public void register(Runnable onRing) {
        callbacks.add(onRing);
    }

    /** Stops running {@code onRing}. */
    @Override
    public void unregister(Runnable onRing) {
        callbacks.remove(onRing);
    }

    private void run() {
        try {
            while (!closing) {
                if (socket.select(0)) {
                    callbacks.forEach(Runnable::run);
                }
            }
        } catch (ClosedSelectorException e) {
            // closed under us: the doorbell is closing
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                // the readers of this process can no longer be woken: they see it through alive() and poll instead;
                // wake them once so that nobody waits for a ring that cannot come
                failed = true;
                LOG.error("doorbell {} failed; the readers of this process poll from now on", socket.file(), e);
                callbacks.forEach(Runnable::run);
            }
        }
    }

    /** False once the doorbell thread failed: its readers must not wait for a ring. */
    @Override
    public boolean alive() {
        return !failed;
    }

    /** Stops the doorbell thread, closes every connection and deletes the socket file. Idempotent; any thread. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        socket.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
        callbacks.clear();
    }
}
