package dev.jdora.shm.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket of one doorbell: a Unix-domain server socket {@code bell-<id in hex>} in the channels' directory that
 * writers (in any process, see {@link Bells}) connect to and write one byte to per ring, and the selector that waits
 * for those bytes. Used by the {@link Doorbell} thread of a process and by a node's {@link ConsumerBell}.
 *
 * <p>Its {@linkplain #id() id}, written into the header slot of each reader it wakes, has the process id in the high
 * bits and a counter in the low 20 bits, so several doorbells of one JVM each have their own file.
 *
 * <p><b>Threads.</b> {@link #select} from one thread at a time; {@link #wakeup()} and {@link #close()} from any
 * thread ({@code close} ends a {@code select} in progress, which then throws
 * {@link java.nio.channels.ClosedSelectorException}).
 */
final class BellSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BellSocket.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int COUNTER_BITS = 20;

    private final long id;
    private final Path file;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final ByteBuffer sink = ByteBuffer.allocateDirect(256);
    /** Writers' connections, kept here rather than read from the selector's key set, which is not thread-safe. */
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private BellSocket(long id, Path file) throws IOException {
        this.id = id;
        this.file = file;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(file));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            selector.close();
            throw e;
        }
    }

    /** Opens a new doorbell socket in {@code directory} (the channels' private directory). */
    static BellSocket open(Path directory) {
        long id = ProcessHandle.current().pid() << COUNTER_BITS
                | (COUNTER.incrementAndGet() & ((1 << COUNTER_BITS) - 1));
        Path file = file(directory, id);
        try {
            Files.deleteIfExists(file); // a previous process of this pid and counter died without cleaning up
            return new BellSocket(id, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the doorbell " + file, e);
        }
    }

    /** The socket file of doorbell {@code id} in {@code directory}. */
    static Path file(Path directory, long id) {
        return directory.resolve("bell-" + Long.toHexString(id));
    }

    long id() {
        return id;
    }

    Path file() {
        return file;
    }

    /**
     * Waits until a writer rings, {@link #wakeup()} is called or {@code timeoutMillis} pass (0: no limit), accepts
     * new writers' connections and reads every ring there is. Returns true if there was a ring (or a writer went
     * away mid-ring).
     */
    boolean select(long timeoutMillis) throws IOException {
        selector.select(timeoutMillis);
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
        return rung;
    }

    /** Makes the current or next {@link #select} return at once. Any thread. */
    void wakeup() {
        selector.wakeup();
    }

    boolean isClosed() {
        return closed;
    }

    private void accept() throws IOException {
        SocketChannel connection = server.accept();
        if (connection != null) {
            connections.add(connection);
            if (closed) { // close() may have gone over the connections already
                connections.remove(connection);
                closeQuietly(connection);
                return;
            }
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
                    hangUp(key, connection);
                    return total > 0;
                }
                if (n == 0) {
                    return total > 0;
                }
                total += n;
                if (sink.hasRemaining()) {
                    return true; // it gave less than asked: nothing more was there (saves a read that finds nothing)
                }
            }
        } catch (IOException e) {
            // the writer's process went away mid-ring; its later rings come on a new connection
            hangUp(key, connection);
            return true;
        }
    }

    private void hangUp(SelectionKey key, SocketChannel connection) {
        key.cancel();
        connections.remove(connection);
        closeQuietly(connection);
    }

    private void closeQuietly(SocketChannel connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("closing a connection of doorbell {}: {}", file, e.toString());
        }
    }

    /**
     * Closes every connection and the selector and deletes the socket file; writers still connected then see their
     * connection closed and stop ringing. Idempotent; any thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            selector.close(); // ends a select in progress first
        } catch (IOException e) {
            LOG.warn("cannot close the doorbell {}: {}", file, e.toString());
        }
        connections.forEach(this::closeQuietly);
        connections.clear();
        try {
            server.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete the doorbell {}: {}", file, e.toString());
        }
    }
}
