package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.StopCause;
import dev.jdora.core.internal.process.ControlMessage;
import dev.jdora.core.internal.process.LineChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the process given a node's secret may register as that node (issue 8, defect 6): a hello without the secret,
 * with a wrong one, for an unknown node, or a duplicate of a registered node is refused, logged by node id (never
 * the secret) and its connection closed, while the registered node keeps its connection and gets {@code STOP}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ControlServerTest {

    @TempDir
    Path dir;

    private final Map<String, ControlServer.Connection> registered = new ConcurrentHashMap<>();

    @Test
    void onlyTheNodeWithItsSecretRegistersAndKeepsItsConnection() throws Exception {
        NodeSecrets secrets = new NodeSecrets();
        String secret = secrets.issue("camera");
        Path socket = dir.resolve("control.sock");
        String log;
        try (ControlServer server = new ControlServer(socket, secrets, new Recorder());
             LineChannel camera = connect(socket)) {
            camera.send("HELLO camera " + secret);
            assertThat(poll(() -> registered.containsKey("camera"))).as("the node registered").isTrue();

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream original = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                assertThat(firstReply(socket, "HELLO camera")).as("no secret").isEmpty();
                assertThat(firstReply(socket, "HELLO camera " + "0".repeat(64))).as("wrong secret").isEmpty();
                assertThat(firstReply(socket, "HELLO camera " + secret)).as("duplicate").isEmpty();
                assertThat(firstReply(socket, "HELLO ghost " + secret)).as("another node's secret").isEmpty();
            } finally {
                System.setErr(original);
            }
            log = err.toString(StandardCharsets.UTF_8);

            registered.get("camera").send(new ControlMessage.DaemonToNode.Stop(StopCause.MANUAL));
            assertThat(camera.readLine()).as("the node keeps its connection").isEqualTo("STOP MANUAL");
        }
        assertThat(registered).containsOnlyKeys("camera");
        assertThat(log).contains("refused a registration as node 'camera': no secret")
                .contains("refused a registration as node 'camera': that node is already connected")
                .contains("refused a registration as node 'ghost'")
                .doesNotContain(secret);
        assertThat(poll(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("jdora-control") && t.isAlive())))
                .as("control threads are gone").isTrue();
    }

    @Test
    void anOperatorWhomThePeerCheckRefusesIsDeniedAndThisUserIsLetIn() throws Exception {
        Path socket = dir.resolve("control.sock");
        try (ControlServer server = new ControlServer(socket, new NodeSecrets(), new Recorder(), null,
                channel -> false)) {
            assertThat(firstReply(socket, OpsProtocol.PREFIX + OpsProtocol.STATUS)).hasValue(OpsProtocol.DENIED);
            assertThat(firstReply(socket, OpsProtocol.PREFIX + OpsProtocol.STOP)).hasValue(OpsProtocol.DENIED);
        }
        Path mine = dir.resolve("mine.sock");
        try (ControlServer server = new ControlServer(mine, new NodeSecrets(), new Recorder(), null)) {
            assertThat(firstReply(mine, OpsProtocol.PREFIX + OpsProtocol.STATUS)).as("the real check lets us in")
                    .hasValue(OpsProtocol.ERR + " this run does not answer operators");
        }
    }

    @Test
    void thePeerCheckComparesUidsAndFailsClosed() throws Exception {
        Path socket = dir.resolve("peer.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(socket));
                try (SocketChannel peer = server.accept()) {
                    assertThat(PeerCredentials.sameUserAs(socket).allows(peer)).as("this user").isTrue();
                    assertThat(PeerCredentials.sameUser(peer, dir.resolve("gone.sock")))
                            .as("the own uid cannot be read: refused").isFalse();
                }
            }
        }
    }

    @Test
    void aHelloNeverShowsItsSecret() {
        assertThat(new ControlMessage.NodeToDaemon.Hello("camera", "c0ffee").toString()).doesNotContain("c0ffee");
        assertThat(ControlMessage.parseFromNode("HELLO camera c0ffee"))
                .isEqualTo(new ControlMessage.NodeToDaemon.Hello("camera", "c0ffee"));
        assertThat(ControlMessage.parseFromNode("HELLO camera"))
                .isEqualTo(new ControlMessage.NodeToDaemon.Hello("camera", ""));
    }

    @Test
    void everyMessageOfANodeReadsBackAsItself() {
        for (ControlMessage.NodeToDaemon message : new ControlMessage.NodeToDaemon[] {
            new ControlMessage.NodeToDaemon.Subscribed(), new ControlMessage.NodeToDaemon.Reading(),
            new ControlMessage.NodeToDaemon.StopAll(), new ControlMessage.NodeToDaemon.Finished()}) {
            assertThat(ControlMessage.parseFromNode(ControlMessage.encode(message))).isEqualTo(message);
        }
    }

    private final class Recorder implements ControlServer.Listener {
        @Override
        public boolean connected(String nodeId, ControlServer.Connection connection) {
            if (!nodeId.equals("camera")) {
                return false;
            }
            registered.put(nodeId, connection);
            return true;
        }

        @Override
        public void subscribed(String nodeId) {
        }

        @Override
        public void reading(String nodeId) {
        }

        @Override
        public void stopAll(String nodeId) {
        }

        @Override
        public void finished(String nodeId) {
        }
    }

    private static LineChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new LineChannel(channel);
    }

    /** Says {@code hello} on a new connection; the first line the server sends, or empty when it closes it. */
    private static Optional<String> firstReply(Path socket, String hello) throws IOException {
        try (LineChannel fake = connect(socket)) {
            fake.send(hello);
            return Optional.ofNullable(fake.readLine()); // the class timeout bounds this blocking read
        }
    }

    private static boolean poll(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
