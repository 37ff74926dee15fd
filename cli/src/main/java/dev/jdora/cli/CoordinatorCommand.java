package dev.jdora.cli;

import dev.jdora.cluster.ClusterSecret;
import dev.jdora.cluster.Coordinator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdora coordinator}: the coordinator of dataflows across machines, until Ctrl-C or SIGTERM. It listens on
 * {@code 127.0.0.1:6012} unless {@code --bind} says otherwise (never on every interface unless asked), and refuses
 * every request without the cluster secret. Its log goes to {@code coordinator.log} in this user's private log
 * directory.
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = {"Run the coordinator of dataflows across machines, until Ctrl-C or SIGTERM. Each machine runs "
                + "a jdora daemon that registers here; jdora start --coordinator HOST:PORT places each node on the "
                + "machine its deploy.machine names.",
            "Every request must carry the cluster secret ($" + ClusterSecret.ENV + " or --token-file, the same "
                    + "everywhere). The log goes to coordinator.log in your private runtime directory (logs/)."})
final class CoordinatorCommand implements Callable<Integer> {

    /** The default port (dora's coordinator port). */
    static final int DEFAULT_PORT = 6012;

    @Option(names = "--bind", paramLabel = "HOST:PORT", converter = ClusterOptions.HostPort.class,
            description = "where to listen (default: 127.0.0.1:" + DEFAULT_PORT + ", this machine only; give the "
                    + "address daemons of other machines reach, e.g. 10.0.0.1:" + DEFAULT_PORT + ")")
    private String bind = "127.0.0.1:" + DEFAULT_PORT;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "the cluster secret, a file only you may read (mode 0600) (default: $" + ClusterSecret.ENV
                    + ")")
    private Optional<Path> tokenFile = Optional.empty();

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "a daemon not heard from for this long is lost: its nodes fail (default: 5s; a daemon "
                    + "that dies is lost at once, its connection ends)")
    private Duration heartbeatTimeout = Coordinator.Config.HEARTBEAT_TIMEOUT;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ClusterSecret secret = ClusterSecret.load(tokenFile, System.getenv());
        int colon = bind.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(bind.substring(0, colon),
                Integer.parseInt(bind.substring(colon + 1)));
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--bind " + bind + ": unknown host '" + bind.substring(0, colon) + "'");
        }
        Path log = ServiceLog.redirect("coordinator.log");
        Coordinator coordinator = Coordinator.start(new Coordinator.Config(address, secret, heartbeatTimeout));
        String at = coordinator.address().getAddress().getHostAddress() + ":" + coordinator.address().getPort();
        PrintWriter out = spec.commandLine().getOut();
        out.println("coordinator listening on " + at + " (log: " + log + ")");
        out.println("on each machine: jdora daemon --machine-id ID --coordinator " + at);
        out.flush();
        ServiceLog.runUntilShutdown(coordinator, "coordinator");
        return 0;
    }
}
