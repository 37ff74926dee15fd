package dev.jdora.shm.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doorbell of the readers of one process: a Unix-domain socket in the channels' directory that writers (in any
 * process) connect to and write one byte to when a reader they publish to sleeps. One thread of this process
 * ({@code jdora-doorbell}) waits on the socket in the kernel, so a process whose readers all wait uses no CPU; on a
 * ring it runs the {@code onAvailable} callbacks of this process's readers, which wake the node's consumer.
 *
 * <p>Its {@linkplain #id() id}, written into the header slot of each of its readers, names the socket file
 * {@code bell-<id in hex>}: the process id in the high bits and a counter in the low 20 bits, so several transports
 * of one JVM (tests, the daemon beside in-process nodes) each have their own.
 *
 * <p><b>Threads.</b> {@link #register} and {@link #close()} from any thread; callbacks run on the doorbell thread and
 * must be quick and never block (as {@code onAvailable} must be). {@link #close()} stops the thread and deletes the
 * socket file; writers still connected then see their connection closed and stop ringing it.
 */
final class Doorbell implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Doorbell.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int COUNTER_BITS = 20;

    private final long id;
    private final Path socket;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private final ByteBuffer sink = ByteBuffer.allocateDirect(256);
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean failed;

    private Doorbell(long id, Path socket) throws IOException {
        this.id = id;
        this.socket = socket;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            selector.close();
            throw e;
        }
        this.thread = new Thread(this::run, "jdora-doorbell-" + Long.toHexString(id));
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a new doorbell in {@code directory} (the channels' private directory). */
    static Doorbell open(Path directory) {
        long id = ProcessHandle.current().pid() << COUNTER_BITS
                | (COUNTER.incrementAndGet() & ((1 << COUNTER_BITS) - 1));
        Path socket = file(directory, id);
        try {
            Files.deleteIfExists(socket); // a previous process of this pid and counter died without cleaning up
            return new Doorbell(id, socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the doorbell " + socket, e);
        }
    }

    /** The socket file of doorbell {@code id} in {@code directory}. */
    static Path file(Path directory, long id) {
        return directory.resolve("bell-" + Long.toHexString(id));
    }

    long id() {
        return id;
    }

    /** Runs {@code onRing} on every ring from now on, until this doorbell is closed. */
    void register(Runnable onRing) {
        callbacks.add(onRing);
    }

    /** Stops running {@code onRing}. */
    void unregister(Runnable onRing) {
        callbacks.remove(onRing);
    }

    private void run() {
        try {
            while (!closing) {
                selector.select();
                boolean rung = false;
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        rung |= drain(key);
                    }
                }
                if (rung) {
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
                LOG.error("doorbell {} failed; the readers of this process poll from now on", socket, e);
                callbacks.forEach(Runnable::run);
            }
        }
    }

    /** False once the doorbell thread failed: its readers must not wait for a ring. */
    boolean alive() {
        return !failed;
    }

    private void accept() throws IOException {
        SocketChannel connection = server.accept();
        if (connection != null) {
            connection.configureBlocking(false);
            connection.register(selector, SelectionKey.OP_READ);
        }
    }

    /** Reads what is there; true if it was a ring (false once the writer hung up: its key is cancelled). */
    private boolean drain(SelectionKey key) {
        SocketChannel connection = (SocketChannel) key.channel();
        try {
            int total = 0;
            while (true) {
                sink.clear();
                int n = connection.read(sink);
                if (n < 0) {
                    key.cancel();
                    connection.close();
                    return total > 0;
                }
                if (n == 0) {
                    return total > 0;
                }
                total += n;
            }
        } catch (IOException e) {
            // the writer's process went away mid-ring; its later rings come on a new connection
            key.cancel();
            try {
                connection.close();
            } catch (IOException ignored) {
                // already broken
            }
            return true;
        }
    }

    /** Stops the doorbell thread, closes every connection and deletes the socket file. Idempotent; any thread. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot close the doorbell {}: {}", socket, e.toString());
        }
        callbacks.clear();
    }
}
