package dev.jdora.cluster.internal;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the coordinator knows — machines, their command queues, runs — and its answer to each request. Every method
 * holds one lock; {@link #handle} of a daemon's poll waits on it for commands (at most a quarter of the heartbeat
 * timeout).
 */
public final class CoordinatorState {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorState.class);
    private static final int LOG_CHUNK = 1 << 20;
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** An HTTP answer: status and a body to write as JSON. */
    public record Answer(int status, Object body) {
    }

    private final long heartbeatNanos;
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final Map<String, ClusterRun> runs = new LinkedHashMap<>();
    private final Map<Long, byte[]> logChunks = new HashMap<>();
    private final Map<Long, String> failedRequests = new HashMap<>();
    private final Set<Long> awaitedLogs = new HashSet<>(); // log requests someone waits for now
    private int runNumber = RANDOM.nextInt(MachinePlan.MAX_RUN_NUMBER); // see MachinePlan: stream ids derive from it
    private long logRequests;
    private boolean closed;

    /** One daemon: where it takes data, when it was last heard of, what it has not fetched yet. */
    private static final class Machine {
        final String id;
        final String endpoint;
        volatile long lastSeen = System.nanoTime(); // also written by follow, outside the lock
        boolean lost;
        long firstSeq;
        final List<CoordinatorToDaemon> queue = new ArrayList<>();

        Machine(String id, String endpoint) {
            this.id = id;
            this.endpoint = endpoint;
        }
    }

    public CoordinatorState(Duration heartbeatTimeout) {
        this.heartbeatNanos = heartbeatTimeout.toNanos();
    }

    /** Answers one authenticated request. */
    public synchronized Answer handle(String method, String path, @Nullable String query, byte[] body)
            throws InterruptedException {
        String[] parts = path.split("/");
        try {
            if (parts.length >= 4 && parts[2].equals("daemons")) {
                return daemonRequest(method, parts, query, body);
            }
            if (parts.length == 3 && parts[2].equals("runs") && method.equals("POST")) {
                return startRun(Json.read(body, UserToCoordinator.StartRun.class));
            }
            if (parts.length == 3 && parts[2].equals("runs")) {
                return new Answer(200, runs.values().stream().map(ClusterRun::view).toList());
            }
            if (parts.length == 3 && parts[2].equals("machines")) {
                return new Answer(200, machines.values().stream()
                        .map(m -> new UserToCoordinator.MachineView(m.id, m.endpoint, m.lost)).toList());
            }
            if (parts.length >= 4 && parts[2].equals("runs")) {
                ClusterRun run = runs.get(parts[3]);
                if (run == null) {
                    return refusal(404, "no run '" + parts[3] + "'");
                }
                if (parts.length == 6 && parts[4].equals("logs")) {
                    return readLog(run, parts[5], query);
                }
                if (parts.length == 5 && parts[4].equals("stop") && method.equals("POST")) {
                    stop(run, Json.read(body, UserToCoordinator.StopRun.class).graceMillis());
                }
                return new Answer(200, run.view());
            }
        } catch (IOException | NumberFormatException e) {
            return refusal(400, "not a request jdora understands: " + e.getMessage());
        }
        return refusal(404, "no such request: " + method + " " + path);
    }

    /**
     * Up to {@value #LOG_CHUNK} bytes of a node's log from {@code offset=N}: asked of the daemon of its machine, whose
     * answer this request waits for (at most {@link #LOG_WAIT}).
     */
    private Answer readLog(ClusterRun run, String nodeId, @Nullable String query) throws InterruptedException {
        String machineId = run.placement.get(nodeId);
        if (machineId == null) {
            return refusal(404, "dataflow '" + run.name + "' has no node '" + nodeId + "'");
        }
        Machine machine = machines.get(machineId);
        if (machine == null || machine.lost) {
            return refusal(503, "the log of node '" + nodeId + "' is on machine '" + machineId + "', which is lost");
        }
        long offset = number(query, "offset=");
        long request = ++logRequests;
        send(machineId, new CoordinatorToDaemon.ReadLog(run.id, request, nodeId, offset, LOG_CHUNK));
        long until = System.nanoTime() + LOG_WAIT.toNanos();
        awaitedLogs.add(request);
        try {
            while (!logChunks.containsKey(request) && !failedRequests.containsKey(request) && !closed
                    && !machine.lost && until - System.nanoTime() > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, until - System.nanoTime());
            }
        } finally {
            awaitedLogs.remove(request); // an answer after this is dropped, not kept forever
        }
        String failed = failedRequests.remove(request);
        if (failed != null) {
            return refusal(502, "machine '" + machineId + "' could not read the log of node '" + nodeId + "': "
                    + failed);
        }
        byte[] chunk = logChunks.remove(request);
        if (chunk == null) {
            return refusal(504, "machine '" + machineId + "' did not send the log of node '" + nodeId + "'");
        }
        return new Answer(200, new DaemonToCoordinator.LogChunk(run.id, request, chunk));
    }

    private Answer daemonRequest(String method, String[] parts, @Nullable String query, byte[] body)
            throws IOException, InterruptedException {
        if (parts[3].equals("register") && method.equals("POST")) {
            DaemonToCoordinator.Register register = (DaemonToCoordinator.Register) Json.read(body,
                    DaemonToCoordinator.class);
            Machine old = machines.get(register.machineId());
            if (old != null && !old.lost) {
                lose(old, "its daemon registered again");
            }
            machines.put(register.machineId(), new Machine(register.machineId(), register.dataEndpoint()));
            LOG.info("machine '{}' registered (data at {})", register.machineId(), register.dataEndpoint());
            return new Answer(200, new CoordinatorToDaemon.Batch(0, List.of()));
        }
        Machine machine = machines.get(parts[3]);
        if (machine == null || machine.lost) {
            return refusal(404, "machine '" + parts[3] + "' is not registered");
        }
        machine.lastSeen = System.nanoTime();
        if (parts.length == 5 && parts[4].equals("commands")) {
            long after = number(query, "after=");
            long waitUntil = System.nanoTime() + heartbeatNanos / 4;
            while (machine.firstSeq + machine.queue.size() <= after && !closed && !machine.lost
                    && waitUntil - System.nanoTime() > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, waitUntil - System.nanoTime());
            }
            machine.lastSeen = System.nanoTime();
            int drop = (int) Math.min(machine.queue.size(), Math.max(0, after - machine.firstSeq));
            machine.queue.subList(0, drop).clear();
            machine.firstSeq += drop;
            return new Answer(200, new CoordinatorToDaemon.Batch(machine.firstSeq + machine.queue.size(),
                    List.copyOf(machine.queue)));
        }
        if (parts.length == 5 && parts[4].equals("events")) {
            event(machine, Json.read(body, DaemonToCoordinator.class));
            return new Answer(200, new CoordinatorToDaemon.Batch(0, List.of()));
        }
        return refusal(404, "no such request");
    }

    private void event(Machine machine, DaemonToCoordinator event) {
        if (event instanceof DaemonToCoordinator.Ready r && runs.get(r.runId()) != null) {
            ClusterRun run = runs.get(r.runId());
            run.ready.add(machine.id);
            if (!run.open && run.ready.containsAll(run.machines())) {
                run.open = true;
                LOG.info("run {}: every machine is ready; starting", run.id);
                run.machines().forEach(m -> send(m, new CoordinatorToDaemon.OpenBarrier(run.id)));
            }
        } else if (event instanceof DaemonToCoordinator.NodeEnded n && runs.get(n.runId()) != null) {
            runs.get(n.runId()).nodeEnded(n.nodeId(), n.failed(), n.error());
        } else if (event instanceof DaemonToCoordinator.PartEnded p && runs.get(p.runId()) != null) {
            partEnded(runs.get(p.runId()), machine.id);
        } else if (event instanceof DaemonToCoordinator.LogChunk chunk) {
            if (awaitedLogs.contains(chunk.requestId())) {
                logChunks.put(chunk.requestId(), chunk.bytes());
                notifyAll();
            }
        } else if (event instanceof DaemonToCoordinator.CommandFailed f) {
            LOG.warn("run {}: machine '{}' could not carry out a command: {}", f.runId(), machine.id, f.error());
            if (awaitedLogs.contains(f.requestId())) {
                failedRequests.put(f.requestId(), f.error());
                notifyAll();
            }
        } else if (event instanceof DaemonToCoordinator.PartFailed f && runs.get(f.runId()) != null) {
            ClusterRun run = runs.get(f.runId());
            LOG.warn("run {}: machine '{}' could not start its part:\n{}", run.id, machine.id, f.problems());
            run.runningOn(machine.id).forEach(node -> run.nodeEnded(node, true, f.problems()));
            partEnded(run, machine.id);
            stop(run, 0);
        }
    }

    private void partEnded(ClusterRun run, String machineId) {
        run.ended.add(machineId);
        run.runningOn(machineId).forEach(node -> run.nodeEnded(node, true, "its machine's part ended without it"));
        if (run.isEnded()) {
            LOG.info("run {} ended", run.id);
        }
    }

    private Answer startRun(UserToCoordinator.StartRun request) {
        Dataflow dataflow;
        try {
            dataflow = Dataflow.load(Path.of(request.dataflow()));
        } catch (DataflowException e) {
            return refusal(400, String.join("\n", e.problems().stream().map(Object::toString).toList()));
        }
        Placement placed = Placement.of(dataflow, liveMachines());
        if (!placed.problems().isEmpty()) {
            return refusal(400, placed.describeProblems());
        }
        Map<String, String> placement = placed.nodes();
        String id = LocalDateTime.now().format(RUN_ID) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        String name = request.name().isBlank() ? id : request.name();
        if (runs.values().stream().anyMatch(r -> r.name.equals(name) && !r.isEnded())) {
            return refusal(400, "a run named '" + name + "' is running already");
        }
        int number = nextRunNumber();
        Map<Integer, Integer> sessionIds = new LinkedHashMap<>();
        try {
            MachinePlan.edges(dataflow, placement, number).forEach(e -> sessionIds.put(e.streamId(), RANDOM.nextInt()));
        } catch (IllegalArgumentException e) {
            return refusal(400, dataflow.file() + ": " + e.getMessage());
        }
        ClusterRun run = new ClusterRun(id, name, request.dataflow(), number, request.graceMillis(), placement);
        runs.put(id, run);
        Map<String, String> endpoints = new LinkedHashMap<>();
        run.machines().forEach(m -> endpoints.put(m, machines.get(m).endpoint));
        for (String machine : run.machines()) {
            send(machine, new CoordinatorToDaemon.StartPart(id, run.number, name, request.dataflow(), placement,
                    endpoints, request.graceMillis(), sessionIds));
        }
        LOG.info("run {} ({}): {} nodes on {}", id, name, placement.size(), run.machines());
        return new Answer(200, run.view());
    }

    private int nextRunNumber() {
        runNumber = MachinePlan.nextRunNumber(runNumber);
        return runNumber;
    }

    private List<String> liveMachines() {
        return machines.values().stream().filter(m -> !m.lost).map(m -> m.id).toList();
    }

    private void stop(ClusterRun run, long graceMillis) {
        if (run.stopping || run.isEnded()) {
            return;
        }
        run.stopping = true;
        long grace = graceMillis < 0 ? run.graceMillis : graceMillis;
        run.machines().stream().filter(m -> !run.ended.contains(m))
                .forEach(m -> send(m, new CoordinatorToDaemon.StopPart(run.id, grace)));
    }

    private void send(String machineId, CoordinatorToDaemon command) {
        Machine machine = machines.get(machineId);
        if (machine != null && !machine.lost) {
            machine.queue.add(command);
            notifyAll();
        }
    }

    /** Loses every daemon not heard from for the heartbeat timeout. Called every tenth of it. */
    public synchronized void checkHeartbeats() {
        long now = System.nanoTime();
        for (Machine machine : machines.values()) {
            if (!machine.lost && now - machine.lastSeen > heartbeatNanos) {
                lose(machine, "its daemon has not been heard from for " + Duration.ofNanos(heartbeatNanos).toMillis()
                        + " ms");
            }
        }
    }

    /**
     * Follows the connection a daemon keeps open while it lives ({@code AliveStream}): reads its body until it ends —
     * the daemon closed it, or its process died and its kernel closed the connection — and then counts the machine
     * lost at once, unless it registered again meanwhile. Blocks the calling thread (one per daemon) for the life of
     * the daemon, without holding this object's lock while it reads.
     */
    public Answer follow(String machineId, InputStream body) {
        Machine machine;
        synchronized (this) {
            machine = machines.get(machineId);
            if (machine == null || machine.lost) {
                return refusal(404, "machine '" + machineId + "' is not registered");
            }
        }
        String why;
        try {
            byte[] bytes = new byte[64];
            while (body.read(bytes) >= 0) {
                machine.lastSeen = System.nanoTime();
            }
            why = "its daemon closed its connection";
        } catch (IOException e) {
            why = "its daemon's connection broke (" + e.getMessage() + ")";
        }
        synchronized (this) {
            if (machines.get(machineId) == machine && !machine.lost && !closed) { // closing cuts every connection
                lose(machine, why);
            }
        }
        return new Answer(200, new CoordinatorToDaemon.Batch(0, List.of()));
    }

    private void lose(Machine machine, String why) {
        machine.lost = true;
        String error = "machine '" + machine.id + "' lost: " + why;
        LOG.warn("{}", error);
        for (ClusterRun run : runs.values()) {
            if (run.isEnded() || !run.machines().contains(machine.id) || run.ended.contains(machine.id)) {
                continue;
            }
            List<String> nodes = run.runningOn(machine.id);
            nodes.forEach(node -> run.nodeEnded(node, true, error));
            partEnded(run, machine.id);
            run.machines().stream().filter(m -> !m.equals(machine.id))
                    .forEach(m -> send(m, new CoordinatorToDaemon.NodesLost(run.id, machine.id, nodes, error)));
        }
        notifyAll();
    }

    /** The number after {@code name} in {@code query} ({@code name=N}); 0 if absent. */
    private static long number(@Nullable String query, String name) {
        return query != null && query.startsWith(name) ? Long.parseLong(query.substring(name.length())) : 0;
    }

    private static Answer refusal(int status, String error) {
        return new Answer(status, new UserToCoordinator.Refusal(error));
    }

    /**
     * What {@link CoordinatorRelay} needs to ask the machines of a run.
     *
     * @param placement the machine of every node
     * @param answering the machines whose part of the run is running and whose daemon is not lost
     */
    public record RunMachines(UserToCoordinator.RunView view, Map<String, String> placement, Set<String> answering) {
    }

    /** The machines of run {@code runId}, if there is such a run. */
    public synchronized Optional<RunMachines> runMachines(String runId) {
        ClusterRun run = runs.get(runId);
        if (run == null) {
            return Optional.empty();
        }
        Set<String> answering = run.machines().stream().filter(m -> !run.ended.contains(m))
                .filter(m -> machines.containsKey(m) && !machines.get(m).lost).collect(Collectors.toSet());
        return Optional.of(new RunMachines(run.view(), run.placement, answering));
    }

    /** Queues {@code command} for the daemon of {@code machineId} (not if it is lost). */
    public synchronized void relay(String machineId, CoordinatorToDaemon command) {
        send(machineId, command);
    }

    /** Wakes every waiting poll; the coordinator is closing. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
