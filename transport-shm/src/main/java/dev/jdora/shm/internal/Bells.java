package dev.jdora.shm.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer side of doorbells: one connection per {@link Doorbell} this process rings, opened on the first ring and
 * shared by every writer of the process. A ring is one non-blocking write of one byte; it never blocks and never
 * fails a send.
 *
 * <p>A doorbell that cannot be reached (its process died, possibly while its readers slept) is remembered as dead
 * and never rung again: a reader killed while asleep costs its writers one failed connect, once. A full socket
 * buffer means rings are already pending there, so a write of zero bytes is as good as a ring.
 *
 * <p><b>Threads.</b> Thread-safe; {@link Bell#ring()} is serialized per doorbell.
 */
final class Bells implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bells.class);

    private final Path directory;
    private final Map<Long, Bell> bells = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Bells(Path directory) {
        this.directory = directory;
    }

    /** The bell of doorbell {@code id}; connects on its first ring. */
    Bell bell(long id) {
        return bells.computeIfAbsent(id, i -> new Bell(BellSocket.file(directory, i)));
    }

    /** Closes every connection; later rings do nothing. Idempotent. */
    @Override
    public void close() {
        closed = true;
        bells.values().forEach(Bell::close);
        bells.clear();
    }

    /** One doorbell as seen by the writers of this process. */
    final class Bell {
        private final Path socket;
        private final ByteBuffer one = ByteBuffer.allocateDirect(1);
        private @Nullable SocketChannel connection;
        private boolean dead;

        private Bell(Path socket) {
            this.socket = socket;
        }

        /** Rings the doorbell: wakes its process's readers. Never blocks, never throws. */
        synchronized void ring() {
            if (dead || closed) {
                return;
            }
            try {
                SocketChannel c = connection;
                if (c == null) {
                    c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    connection = c;
                    c.connect(UnixDomainSocketAddress.of(socket));
                    c.configureBlocking(false);
                }
                one.clear();
                c.write(one);
            } catch (IOException e) {
                // the readers' process is gone: its messages stay in the queue (nothing is lost), and the daemon
                // forgets its subscriptions; only the wake-up has nobody to reach
                LOG.debug("doorbell {} is gone ({}); not ringing it again", socket, e.toString());
                dead = true;
                close();
            }
        }

        synchronized void close() {
            SocketChannel c = connection;
            connection = null;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    LOG.debug("closing the connection to doorbell {}: {}", socket, e.toString());
                }
            }
        }
    }
}
