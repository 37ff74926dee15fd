package dev.jdora.runtime;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.internal.process.LineChannel;
import dev.jdora.core.internal.process.NodeConfig;
import dev.jdora.runtime.internal.JsonValues;
import dev.jdora.runtime.internal.OpsProtocol;
import dev.jdora.runtime.internal.PeerCredentials;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node whose outputs carry what {@code jdora topic pub} sends from outside the dataflow — the only place a running
 * dataflow accepts data from outside. Declare it like any node, with the outputs that may be published; every other
 * node reads them as usual:
 *
 * <pre>
 * - id: remote
 *   class: dev.jdora.runtime.ExternalInput     # jdora topic pub my-flow remote/command '{"speed": 2.5}'
 *   outputs: [command]
 * - id: robot
 *   class: org.acme.Robot
 *   inputs:
 *     command: remote/command
 * </pre>
 *
 * Each output keeps a single writer — this node — so a publisher never competes with a node of the dataflow, and
 * nobody publishes where the dataflow does not expect it: {@code jdora topic pub} refuses any other output, naming
 * the node that writes it and where it is declared. Publishers reach the node through a Unix domain socket in the
 * run's private directory ({@value #SOCKET_PREFIX}{@code <node>.sock}, mode 0600, the peer's user checked), one line
 * per value: {@code <output> <json>}, answered {@code OK} or {@code ERR <reason>}. A JSON value becomes Arrow as
 * {@link JsonValues} says (a number an {@code int64} or {@code float64} array of one, a string {@code utf8}, a list
 * an array, an object a struct of one row); a typed output ({@code output_types:}) refuses what does not fit.
 *
 * <p>The node ends on {@code Stop}. It has no inputs, so it runs until the dataflow is stopped (or {@code
 * exit_when_nodes_finish} ends it). Across processes only: with {@code --in-jvm} there is no run directory, and the
 * node only waits for {@code Stop}.
 */
public final class ExternalInput implements NodeMain {

    /** The publishing socket of node {@code n} is {@code publish-n.sock} in the run directory. */
    public static final String SOCKET_PREFIX = "publish-";

    private static final Logger LOG = LoggerFactory.getLogger(ExternalInput.class);

    /** The socket of node {@code nodeId} in {@code runDirectory}. */
    public static Path socket(Path runDirectory, String nodeId) {
        return runDirectory.resolve(SOCKET_PREFIX + nodeId + ".sock");
    }

    @Override
    public void run(Node node) throws IOException {
        Optional<Path> runDirectory = Optional.ofNullable(System.getenv(NodeConfig.ENV))
                .map(file -> Path.of(file).toAbsolutePath().getParent());
        if (runDirectory.isEmpty()) {
            LOG.warn("node '{}': jdora topic pub reaches this node across processes only (not with --in-jvm)",
                    node.id());
            waitForStop(node);
            return;
        }
        Path socket = socket(runDirectory.get(), node.id());
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            PeerCredentials.Check peers = PeerCredentials.sameUserAs(socket);
            Thread acceptor = new Thread(() -> accept(server, node, peers), "jdora-publish-" + node.id());
            acceptor.setDaemon(true);
            acceptor.start();
            waitForStop(node);
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    private static void waitForStop(Node node) {
        for (Event event : node) {
            if (event instanceof Event.Stop) {
                return;
            }
        }
    }

    private static void accept(ServerSocketChannel server, Node node, PeerCredentials.Check peers) {
        while (true) {
            try (SocketChannel channel = server.accept()) {
                serve(channel, node, peers);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("node '{}': a publisher's connection failed: {}", node.id(), e.toString());
            }
        }
    }

    private static void serve(SocketChannel channel, Node node, PeerCredentials.Check peers) throws IOException {
        LineChannel connection = new LineChannel(channel);
        if (!peers.allows(channel)) {
            connection.send(OpsProtocol.DENIED);
            return;
        }
        String line;
        while ((line = connection.readLine()) != null) {
            connection.send(publish(node, line));
        }
    }

    /** Sends one {@code <output> <json>} line; returns the answer. */
    static String publish(Node node, String line) {
        int space = line.indexOf(' ');
        if (space <= 0) {
            return OpsProtocol.ERR + " expected '<output> <json>'";
        }
        String output = line.substring(0, space);
        try (FieldVector value = JsonValues.toArrow(line.substring(space + 1), node.allocator())) {
            node.send(output, value);
            return OpsProtocol.OK;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return OpsProtocol.ERR + " " + e.getMessage();
        }
    }
}
