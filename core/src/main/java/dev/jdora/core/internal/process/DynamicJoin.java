package dev.jdora.core.internal.process;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a dynamic node ({@code path: dynamic}: started by hand, not by the daemon) joins its running dataflow. It asks
 * the run on its control socket, which serves only this user, for the node's configuration file (owner-only, in the
 * run directory) and a fresh secret for its {@code HELLO}; the secret travels only over that socket, never through a
 * file. The run refuses a node that is unknown, not dynamic, already connected or ended, with a sentence that says
 * so. {@code jdora node attach} asks for its child process; a node started with {@value #DATAFLOW_ENV} and
 * {@value #NODE_ID_ENV} asks itself in {@code Node.fromEnv()} ({@link ProcessNodeEnvironment}).
 *
 * <pre>
 *  OPS JOIN NODE_ID → OK \t CONFIG_FILE \t SECRET | ERR WHY
 * </pre>
 *
 * Stateless; any thread; {@link #join} blocks on local I/O.
 */
public final class DynamicJoin {

    /** How long a run may take to answer a join before it counts as not answering. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /** The name or id of the running dataflow a dynamic node started by hand joins. */
    public static final String DATAFLOW_ENV = "JDORA_DATAFLOW";
    /** The id of the dynamic node, with {@value #DATAFLOW_ENV}. */
    public static final String NODE_ID_ENV = "JDORA_NODE_ID";
    /** The request word, after the operators' prefix {@code OPS }. */
    public static final String JOIN = "JOIN";

    /** What the run granted: the node's configuration file and its secret ({@link #toString} hides the secret). */
    public record Grant(Path config, String secret) {
        @Override
        public String toString() {
            return "Grant[config=" + config + ", secret=(hidden)]";
        }
    }

    /** The run refused the join, or cannot be reached; the message is a sentence for the user. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private DynamicJoin() {
    }

    /** The request line for node {@code nodeId}. */
    public static String request(String nodeId) {
        return "OPS " + JOIN + " " + nodeId;
    }

    /** The answer line for a granted join. */
    public static String granted(Path config, String secret) {
        return "OK\t" + config + "\t" + secret;
    }

    /** The grant in answer line {@code answer} (from {@link #granted}), or its refusal ({@code ERR WHY}). */
    public static Grant parse(String answer) throws Refused {
        String[] fields = answer.split("\t", -1);
        if (fields.length == 3 && fields[0].equals("OK") && !fields[2].isEmpty()) {
            return new Grant(Path.of(fields[1]), fields[2]);
        }
        throw new Refused(answer.startsWith("ERR ") ? answer.substring(4) : "unexpected answer: " + answer);
    }

    /** True if this process was started by hand as a dynamic node ({@value #DATAFLOW_ENV} and {@value #NODE_ID_ENV}). */
    public static boolean requested() {
        return System.getenv(DATAFLOW_ENV) != null && System.getenv(NODE_ID_ENV) != null;
    }

    /** Joins the dataflow named by {@value #DATAFLOW_ENV} as node {@value #NODE_ID_ENV}. */
    public static Grant joinFromEnv() throws Refused {
        return join(String.valueOf(System.getenv(DATAFLOW_ENV)), String.valueOf(System.getenv(NODE_ID_ENV)));
    }

    /** Asks this user's run {@code dataflow} (a name or id) to let node {@code nodeId} join it. */
    public static Grant join(String dataflow, String nodeId) throws Refused {
        List<Path> sockets;
        try {
            sockets = UserRuns.controlSockets(dataflow);
        } catch (IOException e) {
            throw new Refused("cannot look for dataflow '" + dataflow + "' in " + UserRuns.base() + ": "
                    + e.getMessage());
        }
        @Nullable String unreachable = null;
        for (Path socket : sockets) {
            try (LineChannel lines = LineChannel.connect(socket, ANSWER_TIMEOUT)) { // a stopped run must not hang us
                lines.send(request(nodeId));
                @Nullable String answer = lines.readLine();
                if (answer == null) {
                    throw new Refused("dataflow '" + dataflow + "' ended while node '" + nodeId + "' joined it");
                }
                return parse(answer);
            } catch (SocketTimeoutException e) {
                unreachable = "it does not answer (stopped with Ctrl-Z or SIGSTOP?)";
            } catch (IOException e) {
                unreachable = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("permission denied")
                        ? "permission denied" : "it has ended";
            }
        }
        throw new Refused("no dataflow '" + dataflow + "' is running for this user"
                + (unreachable == null ? " (see 'jdora list')" : ": " + unreachable));
    }
}
