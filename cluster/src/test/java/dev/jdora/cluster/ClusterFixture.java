package dev.jdora.cluster;

import dev.jdora.cluster.internal.CoordinatorClient;
import dev.jdora.cluster.internal.UserToCoordinator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A coordinator on 127.0.0.1 and helpers to start daemons and runs against it. */
final class ClusterFixture implements AutoCloseable {

    static final ClusterSecret SECRET = ClusterSecret.of("test-secret-0123456789");
    private static final String RUNTIME_DIR = "jdora.runtimeDir";
    private static final Duration CALL = Duration.ofSeconds(10);

    Coordinator coordinator;
    final CoordinatorClient client;
    private final Path dir;

    ClusterFixture(Path dir) throws IOException {
        this(dir, Coordinator.Config.TAP_IDLE_TIMEOUT);
    }

    /** With a coordinator that closes a tap not polled for {@code tapIdle}. */
    ClusterFixture(Path dir, Duration tapIdle) throws IOException {
        this.dir = dir;
        this.coordinator = Coordinator.start(new Coordinator.Config(new InetSocketAddress("127.0.0.1", 0), SECRET,
                Coordinator.Config.HEARTBEAT_TIMEOUT, tapIdle));
        this.client = new CoordinatorClient(hostPort(), SECRET);
    }

    /** Closes the coordinator and starts a new one, which knows no machine and no run, at the same address. */
    void restartCoordinator() throws IOException {
        InetSocketAddress address = coordinator.address();
        coordinator.close();
        coordinator = Coordinator.start(new Coordinator.Config(address, SECRET, Coordinator.Config.HEARTBEAT_TIMEOUT));
    }

    /** Gives the local runs of this JVM's daemons a runtime directory of their own (0700) under {@code dir}. */
    static void ownRuntimeDirectory(Path dir) throws IOException {
        System.setProperty(RUNTIME_DIR, Files.createDirectory(dir.resolve("rt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toString());
    }

    /** Undoes {@link #ownRuntimeDirectory}. */
    static void clearRuntimeDirectory() {
        System.clearProperty(RUNTIME_DIR);
    }

    String hostPort() {
        return "127.0.0.1:" + coordinator.address().getPort();
    }

    Daemon.Config daemonConfig(String machineId, ClusterSecret secret) {
        return new Daemon.Config(machineId, hostPort(), secret, Optional.empty(), dir.resolve("out-" + machineId),
                List.of(), Daemon.Config.COORDINATOR_TIMEOUT);
    }

    Daemon daemon(String machineId) throws IOException, InterruptedException {
        return Daemon.start(daemonConfig(machineId, SECRET));
    }

    Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    UserToCoordinator.RunView start(Path dataflow) throws IOException, InterruptedException {
        return client.post("/v1/runs", new UserToCoordinator.StartRun(dataflow.toString(), "", 2000),
                UserToCoordinator.RunView.class, CALL);
    }

    /**
     * Starts {@code source} (sends 0, 1, 2, … every millisecond until stopped) on {@code sourceMachine} read by
     * {@code checker} ({@code backpressure}) on {@code checkerMachine}.
     */
    UserToCoordinator.RunView startEndless(String sourceMachine, String checkerMachine)
            throws IOException, InterruptedException {
        return start(write("endless.yml", """
                nodes:
                  - id: source
                    class: dev.jdora.cluster.ClusterTestNodes$Endless
                    outputs: [seq]
                    deploy: {machine: %s}
                  - id: checker
                    class: dev.jdora.cluster.ClusterTestNodes$Checker
                    inputs: {in: {source: source/seq, queue_policy: backpressure}}
                    deploy: {machine: %s}
                """.formatted(sourceMachine, checkerMachine)));
    }

    UserToCoordinator.RunView view(String runId) throws IOException, InterruptedException {
        return client.get("/v1/runs/" + runId, UserToCoordinator.RunView.class, CALL);
    }

    /** Polls the run until {@code condition} holds (the test's timeout bounds the wait). */
    UserToCoordinator.RunView await(String runId, Predicate<UserToCoordinator.RunView> condition)
            throws IOException, InterruptedException {
        while (true) {
            UserToCoordinator.RunView view = view(runId);
            if (condition.test(view)) {
                return view;
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling a condition, not waiting for time to pass
        }
    }

    /** Polls until machine {@code machineId} has registered (the test's timeout bounds the wait). */
    void awaitMachine(String machineId) throws IOException, InterruptedException {
        while (client.getList("/v1/machines", UserToCoordinator.MachineView.class, CALL).stream()
                .noneMatch(m -> m.machineId().equals(machineId) && !m.lost())) {
            TimeUnit.MILLISECONDS.sleep(20); // polling a condition, not waiting for time to pass
        }
    }

    /** The log of {@code node} of a run on {@code machine}. */
    String log(String machine, String node) throws IOException {
        if (!Files.isDirectory(dir.resolve("out-" + machine))) {
            return "";
        }
        try (var runs = Files.list(dir.resolve("out-" + machine))) {
            for (Path run : runs.toList()) {
                Path log = run.resolve(node + ".log");
                if (Files.exists(log)) {
                    return Files.readString(log);
                }
            }
        }
        return "";
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
