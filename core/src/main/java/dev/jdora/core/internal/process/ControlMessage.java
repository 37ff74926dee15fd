package dev.jdora.core.internal.process;

import dev.jdora.core.StopCause;
import java.util.Optional;

/**
 * The control protocol between the daemon and a node process, one UTF-8 line per message over a Unix domain socket.
 * Data never travels here: only lifecycle.
 */
public final class ControlMessage {

    private ControlMessage() {
    }

    /** Messages a node process sends to the daemon. */
    public sealed interface NodeToDaemon {
        /**
         * First message on a connection: which node this is, proved by the secret the daemon gave that node's process
         * in {@value NodeConfig#SECRET_ENV} (empty if it has none). {@link #toString} never shows the secret.
         */
        record Hello(String nodeId, String secret) implements NodeToDaemon {
            @Override
            public String toString() {
                return "Hello[nodeId=" + nodeId + ", secret=" + (secret.isEmpty() ? "none" : "(hidden)") + "]";
            }
        }

        /**
         * The node has opened its inputs and outputs (it called {@code Node.fromEnv()}); it may still be loading
         * classes before it reads.
         */
        record Subscribed() implements NodeToDaemon {
        }

        /**
         * The node reads its event stream (its first {@code next()}, its operators' loops), or has sent or closed it:
         * the start barrier counts it. Comes after {@link Subscribed}.
         */
        record Reading() implements NodeToDaemon {
        }

        /** The node called {@code Node.stopAll()}, or an operator of it returned {@code STOP_ALL}: stop all. */
        record StopAll() implements NodeToDaemon {
        }

        /**
         * The node's program returned normally and the process is exiting: a kill that comes now (a second Ctrl-C)
         * ends a node that had finished, not a running one, and does not make it a failure.
         */
        record Finished() implements NodeToDaemon {
        }

        /**
         * The node closed its {@code Node}: it reads and sends nothing more. A dynamic node (started by hand, so the
         * daemon never sees its exit status) whose connection ends after this ended cleanly; one whose connection ends
         * before it was killed or crashed.
         */
        record Closed() implements NodeToDaemon {
        }
    }

    /** Messages the daemon sends to a node process. */
    public sealed interface DaemonToNode {
        /** Every node reads its events: events may flow. */
        record Start() implements DaemonToNode {
        }

        /** Deliver {@code Stop(cause)}. */
        record Stop(StopCause cause) implements DaemonToNode {
        }

        /** Deliver {@code Reload(operatorId)}. */
        record Reload(Optional<String> operatorId) implements DaemonToNode {
        }

        /** Deliver {@code NodeRestarted(nodeId)}: a node this one reads from was restarted. */
        record NodeRestarted(String nodeId) implements DaemonToNode {
        }
    }

    public static String encode(NodeToDaemon message) {
        if (message instanceof NodeToDaemon.Hello hello) {
            return hello.secret().isEmpty() ? "HELLO " + hello.nodeId()
                    : "HELLO " + hello.nodeId() + " " + hello.secret();
        }
        if (message instanceof NodeToDaemon.StopAll) {
            return "STOP_ALL";
        }
        if (message instanceof NodeToDaemon.Finished) {
            return "FINISHED";
        }
        if (message instanceof NodeToDaemon.Reading) {
            return "READING";
        }
        if (message instanceof NodeToDaemon.Closed) {
            return "CLOSED";
        }
        return "SUBSCRIBED";
    }

    public static String encode(DaemonToNode message) {
        if (message instanceof DaemonToNode.Stop stop) {
            return "STOP " + stop.cause().name();
        }
        if (message instanceof DaemonToNode.Reload reload) {
            return reload.operatorId().map(op -> "RELOAD " + op).orElse("RELOAD");
        }
        if (message instanceof DaemonToNode.NodeRestarted restarted) {
            return "RESTARTED " + restarted.nodeId();
        }
        return "START";
    }

    /** Parses a line from a node; throws {@link IllegalArgumentException} for anything else. */
    public static NodeToDaemon parseFromNode(String line) {
        if (line.startsWith("HELLO ")) {
            String[] parts = line.substring(6).trim().split(" +", 2); // node ids have no spaces
            return new NodeToDaemon.Hello(parts[0], parts.length == 2 ? parts[1].trim() : "");
        }
        if (line.equals("SUBSCRIBED")) {
            return new NodeToDaemon.Subscribed();
        }
        if (line.equals("READING")) {
            return new NodeToDaemon.Reading();
        }
        if (line.equals("STOP_ALL")) {
            return new NodeToDaemon.StopAll();
        }
        if (line.equals("FINISHED")) {
            return new NodeToDaemon.Finished();
        }
        if (line.equals("CLOSED")) {
            return new NodeToDaemon.Closed();
        }
        throw new IllegalArgumentException("unknown control message from a node: '" + line + "'");
    }

    /** Parses a line from the daemon; throws {@link IllegalArgumentException} for anything else. */
    public static DaemonToNode parseFromDaemon(String line) {
        if (line.equals("START")) {
            return new DaemonToNode.Start();
        }
        if (line.startsWith("STOP ")) {
            return new DaemonToNode.Stop(StopCause.valueOf(line.substring(5).trim()));
        }
        if (line.equals("RELOAD")) {
            return new DaemonToNode.Reload(Optional.empty());
        }
        if (line.startsWith("RESTARTED ")) {
            return new DaemonToNode.NodeRestarted(line.substring(10).trim());
        }
        if (line.startsWith("RELOAD ")) {
            return new DaemonToNode.Reload(Optional.of(line.substring(7).trim()));
        }
        throw new IllegalArgumentException("unknown control message from the daemon: '" + line + "'");
    }
}
