package dev.jdora.cluster;

import dev.jdora.cluster.internal.AliveStream;
import dev.jdora.cluster.internal.CoordinatorClient;
import dev.jdora.cluster.internal.CoordinatorToDaemon;
import dev.jdora.cluster.internal.DaemonRelay;
import dev.jdora.cluster.internal.DaemonToCoordinator;
import dev.jdora.cluster.internal.MachinePart;
import dev.jdora.cluster.internal.MachinePlan;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.internal.LogChunks;
import dev.jdora.runtime.internal.UserDirectory;
import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon of one machine: registers with the coordinator under its machine id, embeds an Aeron media driver that
 * takes data from other machines at its data endpoint (UDP, unicast), and runs each part of a run the coordinator
 * sends it exactly as {@code jdora run} runs a dataflow (node processes over shared memory). It asks the coordinator
 * for commands in a long poll, which is also its heartbeat. If the coordinator cannot be reached for
 * {@link Config#coordinatorTimeout()}, it stops every node it runs: nothing is left orphaned.
 *
 * <p>Thread-safe; {@link #close()} stops its nodes and releases the media driver.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** How often a byte goes on the connection that tells the coordinator this daemon lives ({@link AliveStream}). */
    private static final Duration ALIVE_PERIOD = Duration.ofMillis(250);
    private static final String AERON_PREFIX = "daemon-";

    /**
     * How a daemon runs.
     *
     * @param machineId          its machine id ({@code deploy.machine} names it)
     * @param coordinator        {@code host:port} of the coordinator
     * @param dataEndpoint       {@code host:port} where other daemons send it data; empty: the address it reaches the
     *                           coordinator from, with a free port
     * @param logDir             where node logs go ({@code <run>/<node>.log})
     * @param classpath          extra class path for {@code class:} nodes
     * @param coordinatorTimeout how long the coordinator may be unreachable before this daemon stops its nodes
     */
    public record Config(String machineId, String coordinator, ClusterSecret secret, Optional<String> dataEndpoint,
                         Path logDir, List<Path> classpath, Duration coordinatorTimeout) {
        /** The default coordinator timeout. */
        public static final Duration COORDINATOR_TIMEOUT = Duration.ofSeconds(5);
    }

    private final Config config;
    private final CoordinatorClient client;
    private final String dataEndpoint;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final Map<String, MachinePart> parts = new ConcurrentHashMap<>();
    private final Map<String, Path> logDirs = new ConcurrentHashMap<>(); // run id -> its nodes' logs, kept after it
    private final Set<String> openRequested = ConcurrentHashMap.newKeySet();
    private final Set<String> starting = ConcurrentHashMap.newKeySet(); // runs whose part is being started
    private final Map<String, Duration> stopRequested = new ConcurrentHashMap<>();
    private final ExecutorService starter;
    private final ExecutorService reporter;
    private final DaemonRelay relay;
    private final Thread poller;
    private volatile boolean closed;
    private @Nullable AliveStream alive; // guarded by this

    private Daemon(Config config) throws IOException, InterruptedException {
        this.config = config;
        this.client = new CoordinatorClient(config.coordinator(), config.secret());
        this.dataEndpoint = config.dataEndpoint().orElse(defaultEndpoint(config.coordinator()));
        Path aeronDirectory = aeronDirectory(config.machineId());
        this.driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectory.toString())
                .threadingMode(ThreadingMode.SHARED)
                // Aeron's own default (10 spins, 5 yields, then parks of 1 µs to 1 ms): every idle round of the
                // shared driver polls its sockets with a system call, so more spins cost a system call each
                .sharedIdleStrategy(new BackoffIdleStrategy())
                .dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        try {
            Files.setPosixFilePermissions(aeronDirectory, OwnerOnly.DIRECTORY); // Aeron makes it with the umask's mode
        } catch (IOException | RuntimeException e) {
            driver.close();
            throw e;
        }
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        this.starter = Executors.newCachedThreadPool(r -> thread(r, "jdora-daemon-start"));
        this.reporter = Executors.newSingleThreadExecutor(r -> thread(r, "jdora-daemon-report"));
        this.relay = new DaemonRelay(config.machineId(), client, config.coordinatorTimeout(), parts::get);
        try {
            register();
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
        this.poller = thread(this::pollLoop, "jdora-daemon-poll");
        poller.start();
        LOG.info("machine '{}' registered with the coordinator at {}; data at {}", config.machineId(),
                config.coordinator(), dataEndpoint);
    }

    /**
     * Starts a daemon and registers it.
     *
     * @throws CoordinatorClient.RefusedException if the coordinator refuses it (a wrong secret)
     * @throws IOException                        if the coordinator cannot be reached
     */
    public static Daemon start(Config config) throws IOException, InterruptedException {
        return new Daemon(config);
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * The media driver's directory: in this user's private directory ({@code <runtime dir>/aeron}, mode 0700) rather
     * than Aeron's default under {@code /dev/shm}, which every user can list. Unique per process and machine id; those
     * of daemons that were killed (their process is gone) are removed first.
     */
    private static Path aeronDirectory(String machineId) throws IOException {
        Path all = UserDirectory.of("aeron");
        UserDirectory.removeOfDeadProcesses(all, AERON_PREFIX);
        return all.resolve(AERON_PREFIX + ProcessHandle.current().pid() + "-" + machineId);
    }

    /** Where other daemons send it data. */
    public String dataEndpoint() {
        return dataEndpoint;
    }

    /** The local address this machine reaches the coordinator from (no packet is sent), with a free UDP port. */
    private static String defaultEndpoint(String coordinator) throws IOException {
        int colon = coordinator.lastIndexOf(':');
        InetAddress host = InetAddress.getByName(coordinator.substring(0, colon));
        InetAddress local;
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(host, Integer.parseInt(coordinator.substring(colon + 1))));
            local = probe.getLocalAddress();
        }
        try (DatagramSocket free = new DatagramSocket(new InetSocketAddress(local, 0))) {
            return local.getHostAddress() + ":" + free.getLocalPort();
        }
    }

    /** Registers, then keeps a connection open whose end tells the coordinator at once that this daemon died. */
    private void register() throws IOException, InterruptedException {
        client.post("/v1/daemons/register", new DaemonToCoordinator.Register(config.machineId(), dataEndpoint),
                CoordinatorToDaemon.Batch.class, CALL_TIMEOUT);
        openAlive();
    }

    private synchronized void openAlive() {
        if (alive != null) {
            alive.close();
        }
        alive = closed ? null : client.alive("/v1/daemons/" + config.machineId() + "/alive", ALIVE_PERIOD);
    }

    /**
     * The coordinator answered a poll, so it knows this machine, but the connection that tells it this daemon lives
     * has ended (refused, or broken by the network): a new one, or the machine would be lost only by the heartbeat
     * timeout.
     */
    private synchronized void reopenAliveIfEnded() {
        if (alive != null && alive.ended()) {
            LOG.info("the connection that tells the coordinator this daemon lives ended; opening a new one");
            openAlive();
        }
    }

    private void pollLoop() {
        long next = 0;
        long lastContact = System.nanoTime();
        boolean registered = true;
        while (!closed) {
            try {
                if (!registered) {
                    register();
                    registered = true;
                    next = 0;
                }
                CoordinatorToDaemon.Batch batch = client.get("/v1/daemons/" + config.machineId() + "/commands?after="
                        + next, CoordinatorToDaemon.Batch.class, CALL_TIMEOUT);
                lastContact = System.nanoTime();
                reopenAliveIfEnded();
                batch.commands().forEach(this::executeIsolated);
                next = batch.next();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (e instanceof CoordinatorClient.RefusedException refused && refused.status() == 404 && registered) {
                    registered = false; // a new coordinator, or one that counted this daemon lost
                    stopOrphans();
                }
                if (closed) {
                    return;
                }
                if (System.nanoTime() - lastContact > config.coordinatorTimeout().toNanos() && !parts.isEmpty()) {
                    LOG.warn("the coordinator has not answered for {}: stopping every node of this machine ({})",
                            config.coordinatorTimeout(), e.getMessage());
                    parts.values().forEach(part -> part.stop(STOP_GRACE));
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(100); // retry pace while the coordinator is unreachable
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * The coordinator no longer knows this machine: it has counted its nodes failed and told their peers, or it is a
     * new one that knows none of its runs. The parts still running here are orphans; they stop before this daemon
     * registers again.
     */
    private void stopOrphans() {
        if (!parts.isEmpty()) {
            LOG.warn("the coordinator no longer knows this machine: stopping the nodes of runs {} before registering "
                    + "again", parts.keySet());
            parts.values().forEach(part -> part.stop(STOP_GRACE));
        }
        starting.forEach(runId -> stopRequested.put(runId, STOP_GRACE)); // stopped as soon as it is in parts
    }

    /** Executes one command; a failure is logged and reported, and the commands after it still run. */
    private void executeIsolated(CoordinatorToDaemon command) {
        try {
            execute(command);
        } catch (RuntimeException e) {
            LOG.error("run {}: cannot carry out {}", command.runId(), command, e);
            report(new DaemonToCoordinator.CommandFailed(command.runId(),
                    command instanceof CoordinatorToDaemon.ReadLog read ? read.requestId() : 0, e.toString()));
        }
    }

    private void execute(CoordinatorToDaemon command) {
        String runId = command.runId();
        if (command instanceof CoordinatorToDaemon.StartPart start) {
            starting.add(runId);
            starter.execute(() -> {
                try {
                    startPart(start);
                } finally {
                    starting.remove(runId);
                }
            });
        } else if (command instanceof CoordinatorToDaemon.OpenBarrier) {
            openRequested.add(runId);
            Optional.ofNullable(parts.get(runId)).ifPresent(MachinePart::openBarrier);
        } else if (command instanceof CoordinatorToDaemon.StopPart stop) {
            stopRequested.put(runId, Duration.ofMillis(stop.graceMillis()));
            Optional.ofNullable(parts.get(runId)).ifPresent(p -> p.stop(Duration.ofMillis(stop.graceMillis())));
        } else if (command instanceof CoordinatorToDaemon.ReadLog read) {
            report(new DaemonToCoordinator.LogChunk(runId, read.requestId(), readLog(read)));
        } else if (command instanceof CoordinatorToDaemon.SampleRun sample) {
            relay.sample(sample);
        } else if (command instanceof CoordinatorToDaemon.OpenTap tap) {
            relay.openTap(tap);
        } else if (command instanceof CoordinatorToDaemon.NodesLost lost) {
            Optional.ofNullable(parts.get(runId)).ifPresent(p -> p.lost(lost.machineId(), lost.nodeIds(),
                    lost.error()));
        }
    }

    private void startPart(CoordinatorToDaemon.StartPart start) {
        try {
            Dataflow dataflow = Dataflow.load(Path.of(start.dataflow()));
            MachinePlan plan = MachinePlan.of(dataflow, start.placement(), config.machineId(), start.runNumber());
            RunOptions options = RunOptions.defaults().withTransport("shm").withConsole(false)
                    .withLogDir(config.logDir()).withClasspath(config.classpath())
                    .withGrace(Duration.ofMillis(start.graceMillis())).withName(start.name() + "@" + config.machineId());
            MachinePart part = new MachinePart(start.runId(), plan, start.endpoints(), start.sessionIds(), aeron,
                    options, this::report);
            parts.put(start.runId(), part);
            logDirs.put(start.runId(), part.logDir());
            LOG.info("run {}: started {} nodes of this machine", start.runId(), plan.part().nodes().size());
            if (openRequested.contains(start.runId())) {
                part.openBarrier();
            }
            Duration stop = stopRequested.get(start.runId());
            if (stop != null) {
                part.stop(stop);
            }
        } catch (DataflowException e) {
            report(new DaemonToCoordinator.PartFailed(start.runId(), String.join("\n",
                    e.problems().stream().map(Object::toString).toList())));
        } catch (RuntimeException e) {
            LOG.error("run {}: cannot start this machine's part", start.runId(), e);
            report(new DaemonToCoordinator.PartFailed(start.runId(), e.toString()));
        }
    }

    /** Up to {@code maxBytes} of a node's log from {@code offset}; none if it has no log (yet) on this machine. */
    private byte[] readLog(CoordinatorToDaemon.ReadLog read) {
        if (read.offset() < 0) {
            throw new IllegalArgumentException("offset " + read.offset() + " is negative");
        }
        Path dir = logDirs.get(read.runId());
        if (dir == null || !read.nodeId().matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            return new byte[0];
        }
        try {
            return LogChunks.read(dir.resolve(read.nodeId() + ".log"), read.offset(), read.maxBytes());
        } catch (IOException e) {
            LOG.warn("run {}: cannot read the log of node '{}': {}", read.runId(), read.nodeId(), e.toString());
            return new byte[0];
        }
    }

    private void report(DaemonToCoordinator event) {
        try {
            reporter.execute(() -> {
                try {
                    client.post("/v1/daemons/" + config.machineId() + "/events", event,
                            CoordinatorToDaemon.Batch.class, CALL_TIMEOUT);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not tell the coordinator {}: {}", event, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (event instanceof DaemonToCoordinator.PartEnded ended) {
                    parts.remove(ended.runId());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            LOG.debug("not reported (closing): {}", event);
        }
    }

    /** The runs this daemon runs a part of now. */
    public Set<String> runs() {
        return Set.copyOf(parts.keySet());
    }

    /** The taps ({@code jdora topic echo/hz} through the coordinator) open on this machine now. */
    public int openTaps() {
        return relay.openTaps();
    }

    /** Stops every node (grace 2 s), waits for them (at most 10 s), and releases Aeron. */
    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        relay.close();
        parts.values().forEach(p -> p.stop(STOP_GRACE));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            for (MachinePart part : parts.values()) {
                part.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
            starter.shutdownNow();
            reporter.shutdown();
            reporter.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            starter.shutdownNow();
            reporter.shutdownNow();
        }
        release();
    }

    private void release() {
        synchronized (this) {
            if (alive != null) {
                alive.close();
                alive = null;
            }
        }
        CloseHelper.quietCloseAll(aeron, driver);
    }
}
