package dev.jdora.cluster;

import dev.jdora.cluster.internal.ClusterSnapshots;
import dev.jdora.cluster.internal.CoordinatorClient;
import dev.jdora.cluster.internal.CoordinatorTap;
import dev.jdora.cluster.internal.DaemonToCoordinator;
import dev.jdora.cluster.internal.Placement;
import dev.jdora.cluster.internal.UserToCoordinator;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunProbe;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.ops.Tap;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link DataflowOperations} on the runs of a coordinator, for nodes on any machine: what {@code jdora
 * start/list/stop/logs --coordinator HOST:PORT} go through. Every call is one HTTP request carrying the cluster secret.
 * A run of a coordinator has no directory, socket or process on this machine: its {@link RunAddress} holds empty
 * paths there and pid -1, and its logs are read from the daemons through the coordinator. {@link #probe} and
 * {@link #status} ({@code jdora top}, {@code jdora topic list}) ask every machine of the run through the coordinator,
 * which waits a bounded time for them (the nodes of a machine that does not answer in time are "not answering");
 * {@link #tap} ({@code jdora topic echo/hz}) opens a {@code drop_oldest} tap on the daemon of the output's machine,
 * read through the coordinator. A lossless tap ({@code jdora record --attach}) and publishing ({@code jdora topic pub})
 * work on the runs of one machine only.
 *
 * <pre>{@code
 * DataflowOperations ops = new CoordinatorOperations("10.0.0.1:6012", ClusterSecret.load(Optional.empty(), env));
 * ops.stop(ops.resolve("robot"), Optional.empty());
 * }</pre>
 *
 * <p>Thread-safe; every method blocks for at most a few seconds (one request).
 */
public final class CoordinatorOperations implements DataflowOperations {

    private static final Duration CALL = Duration.ofSeconds(10);
    private static final Path NONE = Path.of("");
    private static final long POLL_MILLIS = 50;

    private final CoordinatorClient client;
    private final String coordinator;

    /** Operations on the runs of the coordinator at {@code hostPort}. */
    public CoordinatorOperations(String hostPort, ClusterSecret secret) {
        this.coordinator = hostPort;
        this.client = new CoordinatorClient(hostPort, secret);
    }

    /**
     * Starts {@code dataflow} (the same absolute path on every machine) as run {@code name} (the coordinator chooses
     * one if blank).
     *
     * @throws OperationException (a user error) with every problem, one per line, if the coordinator refuses it
     */
    public RunAddress start(Path dataflow, String name, Optional<Duration> grace) {
        UserToCoordinator.RunView run = call(() -> client.post("/v1/runs", new UserToCoordinator.StartRun(
                dataflow.toAbsolutePath().normalize().toString(), name, grace.map(Duration::toMillis).orElse(10_000L)),
                UserToCoordinator.RunView.class, CALL));
        return address(run);
    }

    /** The machines whose daemons are registered and not lost, in registration order. */
    public List<String> machines() {
        return call(() -> client.getList("/v1/machines", UserToCoordinator.MachineView.class, CALL)).stream()
                .filter(m -> !m.lost()).map(UserToCoordinator.MachineView::machineId).toList();
    }

    /** Where the nodes of {@code dataflow} would run now, and why some cannot ({@code jdora check}). */
    public Placement place(Dataflow dataflow) {
        return Placement.of(dataflow, machines());
    }

    /** The machine of every node of {@code run}, in file order ({@code node@machine}). */
    public List<String> placement(RunAddress run) {
        return view(run).nodes().stream().map(n -> n.id() + "@" + n.machine()).toList();
    }

    @Override
    public List<RunAddress> runs() {
        return call(() -> client.getList("/v1/runs", UserToCoordinator.RunView.class, CALL)).stream()
                .filter(r -> !r.state().equals("ended")).map(CoordinatorOperations::address).toList();
    }

    /**
     * As {@link DataflowOperations#resolve}, and also an ended run the coordinator remembers, by its exact name or id
     * (the latest of that name): its logs stay readable on its machines.
     */
    @Override
    public RunAddress resolve(String nameOrId) {
        try {
            return DataflowOperations.super.resolve(nameOrId);
        } catch (OperationException notRunning) {
            return call(() -> client.getList("/v1/runs", UserToCoordinator.RunView.class, CALL)).stream()
                    .filter(r -> r.name().equals(nameOrId) || r.id().equals(nameOrId)).reduce((first, last) -> last)
                    .map(CoordinatorOperations::address).orElseThrow(() -> notRunning);
        }
    }

    private static RunAddress address(UserToCoordinator.RunView run) {
        return new RunAddress(run.id(), run.name(), Path.of(run.dataflow()), NONE, NONE, NONE, -1,
                Instant.ofEpochMilli(run.startedMillis()), RunOptions.DEFAULT_GRACE);
    }

    /**
     * The nodes as the coordinator knows them, and the topics as the machines of the run count them now (one request;
     * at most a few seconds when a machine does not answer).
     */
    @Override
    public RunStatus status(RunAddress run) {
        UserToCoordinator.RunSample sample = sample(run);
        UserToCoordinator.RunView view = sample.run();
        return new RunStatus(view.state().equals("ended") ? "stopping" : view.state(), view.nodes().stream()
                .map(n -> new RunStatus.NodeStatus(n.id(), n.state(), n.error())).toList(),
                ClusterSnapshots.join(sample).status().topics());
    }

    /** Each sample is one request: the coordinator asks every machine of the run and waits a bounded time. */
    @Override
    public RunProbe probe(RunAddress run) {
        return () -> ClusterSnapshots.join(sample(run));
    }

    private UserToCoordinator.RunSample sample(RunAddress run) {
        return call(() -> client.get("/v1/runs/" + run.id() + "/sample", UserToCoordinator.RunSample.class, CALL));
    }

    private UserToCoordinator.RunView view(RunAddress run) {
        return call(() -> client.get("/v1/runs/" + run.id(), UserToCoordinator.RunView.class, CALL));
    }

    @Override
    public void stop(RunAddress run, Optional<Duration> grace) {
        call(() -> client.post("/v1/runs/" + run.id() + "/stop", new UserToCoordinator.StopRun(
                grace.map(Duration::toMillis).orElse(-1L)), UserToCoordinator.RunView.class, CALL));
    }

    @Override
    public boolean awaitEnd(RunAddress run, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasEnded(run)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS); // the coordinator is polled: nothing here to be woken by
        }
        return true;
    }

    @Override
    public boolean hasEnded(RunAddress run) {
        return view(run).state().equals("ended");
    }

    @Override
    public byte[] readLog(RunAddress run, String nodeId, long offset, int maxBytes) {
        return call(() -> client.get("/v1/runs/" + run.id() + "/logs/" + URLEncoder.encode(nodeId,
                StandardCharsets.UTF_8) + "?offset=" + offset, DaemonToCoordinator.LogChunk.class, CALL)).bytes();
    }

    /**
     * A {@code drop_oldest} tap run by the daemon of the output's machine, read through the coordinator (see {@link
     * CoordinatorTap}); a lossless ({@code backpressure}) one is refused.
     */
    @Override
    public Tap tap(RunAddress run, String topic, int queueSize, QueuePolicy policy) {
        if (policy == QueuePolicy.BACKPRESSURE) {
            throw acrossMachines("a lossless tap (jdora record --attach)");
        }
        return call(() -> CoordinatorTap.open(client, run.id(), topic, queueSize));
    }

    /** The dataflow file as it is now: the coordinator runs the file at the same path on every machine. */
    @Override
    public String dataflowYaml(RunAddress run) {
        try {
            return Files.readString(run.dataflow());
        } catch (IOException e) {
            throw new OperationException("cannot read the dataflow file " + run.dataflow() + " of '" + run.name()
                    + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(RunAddress run, String topic, String json) {
        throw acrossMachines("jdora topic pub");
    }

    private static OperationException acrossMachines(String what) {
        return new OperationException(what + " works on the runs of this machine only, not through a coordinator",
                true);
    }

    /** One request. */
    private interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    private <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (CoordinatorClient.RefusedException e) {
            throw new OperationException(e.getMessage(), e.status() / 100 == 4);
        } catch (IOException e) {
            throw new OperationException("cannot reach the coordinator at " + coordinator + ": " + (e.getMessage()
                    == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationException("interrupted while asking the coordinator at " + coordinator, e);
        }
    }

    @Override
    public String toString() {
        return "coordinator " + coordinator;
    }
}
