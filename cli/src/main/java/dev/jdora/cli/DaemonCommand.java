package dev.jdora.cli;

import dev.jdora.cluster.ClusterSecret;
import dev.jdora.cluster.Daemon;
import dev.jdora.cluster.internal.CoordinatorClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdora daemon}: the daemon of one machine, until Ctrl-C or SIGTERM: registers with the coordinator under its
 * machine id, runs the nodes placed on this machine as {@code jdora run} does, and carries data to and from other
 * machines over Aeron UDP. Its log goes to {@code daemon-<machine id>.log} in this user's private log directory.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the daemon of this machine for a jdora coordinator, until Ctrl-C or SIGTERM: it runs the "
                + "nodes whose deploy.machine is its --machine-id, as jdora run does, and carries data between "
                + "machines over Aeron UDP. If the coordinator stays unreachable, it stops its nodes.",
            "Its log goes to daemon-ID.log in your private runtime directory (logs/); node logs to --log-dir."})
final class DaemonCommand implements Callable<Integer> {

    @Option(names = "--machine-id", required = true, paramLabel = "ID",
            description = "this machine's id, as deploy.machine names it")
    private String machineId;

    @Mixin
    private ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--data", paramLabel = "HOST:PORT", converter = ClusterOptions.HostPort.class,
            description = "where other machines' daemons send data to this one (UDP; default: the address this "
                    + "machine reaches the coordinator from, a free port)")
    private Optional<String> data = Optional.empty();

    @Option(names = "--log-dir", paramLabel = "DIR", description = "where node logs go (default: out)")
    private Path logDir = Path.of("out");

    @Option(names = {"-cp", "--classpath"}, paramLabel = "PATH", split = ":",
            description = "extra jars or class directories for class: nodes and operators, separated by ':'")
    private java.util.List<Path> classpath = new java.util.ArrayList<>();

    @Option(names = "--coordinator-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop this machine's nodes when the coordinator has not answered for this long "
                    + "(default: 5s)")
    private Duration coordinatorTimeout = Daemon.Config.COORDINATOR_TIMEOUT;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!machineId.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}")) {
            throw new IllegalArgumentException("bad --machine-id '" + machineId + "': use 1 to 63 letters, digits, "
                    + "'_', '-' or '.'");
        }
        if (cluster.coordinator == null) {
            throw new IllegalArgumentException("which coordinator? give --coordinator HOST:PORT (or set "
                    + ClusterOptions.COORDINATOR_ENV + ")");
        }
        Daemon.Config config = new Daemon.Config(machineId, cluster.coordinator, cluster.secret(), data,
                logDir.toAbsolutePath().normalize(), classpath.stream().map(p -> p.toAbsolutePath().normalize())
                .toList(), coordinatorTimeout);
        Path log = ServiceLog.redirect("daemon-" + machineId + ".log");
        Daemon daemon;
        try {
            daemon = Daemon.start(config);
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot reach the coordinator at " + cluster.coordinator
                    + ": " + UsageErrors.describe(e));
            return RunTargets.FAILED;
        } catch (CoordinatorClient.RefusedException e) {
            spec.commandLine().getErr().println("error: the coordinator at " + cluster.coordinator + " refused this "
                    + "daemon: " + (e.status() == 401 ? "wrong secret (give it the coordinator's: the same $"
                    + ClusterSecret.ENV + " or --token-file)" : e.getMessage()));
            return Main.USER_ERROR;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("machine '" + machineId + "' registered with the coordinator at " + cluster.coordinator
                + "; data at " + daemon.dataEndpoint() + " (log: " + log + ")");
        out.flush();
        ServiceLog.runUntilShutdown(daemon, "daemon");
        return 0;
    }
}
