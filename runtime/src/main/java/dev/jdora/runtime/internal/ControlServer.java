package dev.jdora.runtime.internal;

import dev.jdora.core.internal.process.ControlMessage;
import dev.jdora.core.internal.process.LineChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon end of the control channel: a Unix domain socket (owner-only) in the run directory. Each node process
 * connects, says {@code HELLO <node> <secret>}, and later {@code SUBSCRIBED} and {@code READING} (it reads its events:
 * the start barrier counts it), perhaps {@code STOP_ALL}, {@code CLOSED} and {@code FINISHED}; the daemon sends {@code START},
 * {@code STOP} and {@code RELOAD}. A node registers once: a hello without that node's secret ({@link NodeSecrets}), for
 * a node that is already connected, or a second one on a connection is refused, logged (naming the node, never the
 * secret) and its connection closed; the registered connection is kept. A connection whose first line starts with
 * {@code OPS} is an operator's ({@link RunOps}), served only if {@link PeerCredentials} lets its peer in. One accepting
 * thread and one reading thread per connection, all daemon threads, all ended by {@link #close()}.
 */
final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /** What the server tells the run. Called on connection threads. */
    interface Listener {
        /** A node process connected; returns false if no such process node exists. */
        boolean connected(String nodeId, Connection connection);

        /** The node called {@code Node.fromEnv()}. */
        void subscribed(String nodeId);

        /** The node reads its events (or sent, or closed them): the start barrier counts it. */
        void reading(String nodeId);

        /** The node called {@code Node.stopAll()}, or an operator of it returned {@code STOP_ALL}. */
        void stopAll(String nodeId);

        /** The node's program returned normally; its process is exiting. */
        void finished(String nodeId);

        /** The node closed its {@code Node}. */
        default void closed(String nodeId) {
        }

        /** The registered connection of the node ended: its process exited, or the run closed the connection. */
        default void disconnected(String nodeId, Connection connection) {
        }
    }

    /** One node's connection; {@link #send} is thread-safe and never blocks for long. */
    static final class Connection {
        private final LineChannel channel;

        Connection(SocketChannel channel) {
            this.channel = new LineChannel(channel);
        }

        void send(ControlMessage.DaemonToNode message) {
            try {
                channel.send(ControlMessage.encode(message));
            } catch (IOException e) {
                LOG.debug("control message {} not delivered: {}", message, e.toString());
            }
        }

        /** Sends one line as it is (an answer of {@link OpsProtocol}). */
        void sendLine(String line) throws IOException {
            channel.send(line);
        }

        @Nullable String readLine() throws IOException {
            return channel.readLine();
        }

        void close() {
            channel.close();
        }
    }

    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Path socket;
    private final ServerSocketChannel server;
    private final NodeSecrets secrets;
    private final Listener listener;
    private final @Nullable RunOps ops;
    private final PeerCredentials.Check peers;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Every open connection (nodes' and operators'), with the thread that serves it. */
    private final Map<Connection, Thread> open = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;

    ControlServer(Path socket, NodeSecrets secrets, Listener listener) {
        this(socket, secrets, listener, null);
    }

    /** A server that also answers operators' requests ({@link OpsProtocol}) with {@code ops}, for this user only. */
    ControlServer(Path socket, NodeSecrets secrets, Listener listener, @Nullable RunOps ops) {
        this(socket, secrets, listener, ops, PeerCredentials.sameUserAs(socket));
    }

    /** A server whose operators are let in by {@code peers} (tests stand in for another user with it). */
    ControlServer(Path socket, NodeSecrets secrets, Listener listener, @Nullable RunOps ops,
                  PeerCredentials.Check peers) {
        this.ops = ops;
        this.socket = socket;
        this.secrets = secrets;
        this.listener = listener;
        this.peers = peers;
        try {
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the control socket " + socket, e);
        }
        acceptor = new Thread(this::acceptLoop, "jdora-control-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel channel = server.accept();
                Connection connection = new Connection(channel);
                Thread reader = new Thread(() -> serve(channel, connection), "jdora-control-conn");
                reader.setDaemon(true);
                open.put(connection, reader);
                if (closed) { // close() may have looked at the open connections before this one was added
                    open.remove(connection);
                    connection.close();
                    return;
                }
                reader.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket failed: {}", e.toString());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel channel, Connection connection) {
        @Nullable String nodeId = null;
        try {
            String line;
            while ((line = connection.readLine()) != null) {
                if (nodeId == null && line.startsWith(OpsProtocol.PREFIX)) {
                    serveOperator(line, channel, connection);
                    break;
                }
                ControlMessage.NodeToDaemon message = ControlMessage.parseFromNode(line);
                if (message instanceof ControlMessage.NodeToDaemon.Hello hello) {
                    if (nodeId != null) {
                        LOG.warn("control: refused a second hello on the connection of node '{}' (as '{}')", nodeId,
                                hello.nodeId());
                        break;
                    }
                    if (!register(hello, connection)) {
                        break;
                    }
                    nodeId = hello.nodeId();
                } else if (nodeId != null && message instanceof ControlMessage.NodeToDaemon.StopAll) {
                    listener.stopAll(nodeId);
                } else if (nodeId != null && message instanceof ControlMessage.NodeToDaemon.Finished) {
                    listener.finished(nodeId);
                } else if (nodeId != null && message instanceof ControlMessage.NodeToDaemon.Reading) {
                    listener.reading(nodeId);
                } else if (nodeId != null && message instanceof ControlMessage.NodeToDaemon.Closed) {
                    listener.closed(nodeId);
                } else if (nodeId != null) {
                    listener.subscribed(nodeId);
                }
            }
        } catch (IOException e) {
            LOG.debug("control connection of '{}' ended: {}", nodeId, e.toString());
        } catch (RuntimeException e) {
            LOG.warn("control connection of '{}' dropped: bad message: {}", nodeId, e.toString());
        } finally {
            connection.close();
            open.remove(connection);
            if (nodeId != null) {
                connections.remove(nodeId, connection);
                listener.disconnected(nodeId, connection);
            }
        }
    }

    /** An operator ({@code jdora list/stop/topic}): served only if it runs as this user. */
    private void serveOperator(String request, SocketChannel channel, Connection connection) throws IOException {
        if (!peers.allows(channel)) {
            connection.sendLine(OpsProtocol.DENIED);
        } else if (ops == null) {
            connection.sendLine(OpsProtocol.ERR + " this run does not answer operators");
        } else {
            ops.serve(request, connection);
        }
    }

    /** Registers the connection as its node's, or logs why not; the caller closes a refused connection. */
    private boolean register(ControlMessage.NodeToDaemon.Hello hello, Connection connection) {
        String nodeId = hello.nodeId();
        if (!secrets.matches(nodeId, hello.secret())) {
            LOG.warn("control: refused a registration as node '{}': {}", nodeId,
                    hello.secret().isEmpty() ? "no secret" : "wrong secret, or no such node process");
            return false;
        }
        if (connections.putIfAbsent(nodeId, connection) != null) {
            LOG.warn("control: refused a registration as node '{}': that node is already connected", nodeId);
            return false;
        }
        if (!listener.connected(nodeId, connection)) {
            connections.remove(nodeId, connection);
            LOG.warn("control: refused a registration as node '{}': no such process node", nodeId);
            return false;
        }
        return true;
    }

    /**
     * Stops accepting, closes every connection — nodes' and operators' (a tap's thread blocked reading its
     * connection ends too) — and waits a few seconds at most for their threads, so that none of them calls into the
     * run after this returns (the run closes its transport next). Idempotent; may be called on a connection's thread.
     */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.keySet().forEach(Connection::close);
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        List<Thread> threads = new ArrayList<>(open.values());
        threads.add(acceptor);
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                LOG.warn("control: thread {} did not end within {} s of closing", thread.getName(),
                        TimeUnit.NANOSECONDS.toSeconds(CLOSE_WAIT_NANOS));
            }
        }
    }
}
