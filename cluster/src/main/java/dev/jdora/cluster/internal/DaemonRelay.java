package dev.jdora.cluster.internal;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunProbe;
import dev.jdora.runtime.ops.RunSnapshot;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.ops.Tap;
import dev.jdora.runtime.stats.ProcessUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's side of what the coordinator relays ({@link CoordinatorRelay}): it samples this machine's part of a run
 * through the same {@link RunProbe} {@code jdora top} uses on one machine ({@link DataflowOperations#local()} on the
 * part's run), without its links to other machines, and it runs the taps the coordinator opens: a local
 * {@code drop_oldest} tap on the part's run, read by a thread of its own that pushes what it reads to the coordinator
 * in batches (at least every {@link #KEEP_ALIVE} while the output is quiet). A tap is closed when the coordinator
 * answers that its client is gone (closed it, or stopped polling), when the output ends, when the coordinator cannot be
 * reached for the coordinator timeout, or with {@link #close()}.
 *
 * <p><b>Threads.</b> Thread-safe; called from the daemon's poll thread, never blocks it: samples run on a thread of
 * their own, each tap on its own.
 */
public final class DaemonRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonRelay.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** How long a tap gathers messages before it pushes them. */
    private static final Duration FLUSH = Duration.ofMillis(50);
    /** How often a tap on a quiet output pushes nothing, to learn whether its client is still there. */
    static final Duration KEEP_ALIVE = Duration.ofMillis(500);
    private static final int MAX_BATCH = 256;
    private static final int MAX_BATCH_BYTES = 4 << 20;

    private final String machineId;
    private final CoordinatorClient client;
    private final Duration coordinatorTimeout;
    private final Function<String, @Nullable MachinePart> parts;
    private final DataflowOperations local = DataflowOperations.local();
    private final Map<String, RunProbe> probes = new ConcurrentHashMap<>(); // coordinator run id -> its part's probe
    private final Map<String, Thread> taps = new ConcurrentHashMap<>();
    private final Map<String, Long> pendingSamples = new ConcurrentHashMap<>(); // run id -> request to answer
    private final ExecutorService sampler;
    private volatile boolean closed;

    /**
     * @param parts the part of a run (by the coordinator's run id) this machine runs now, or null
     */
    public DaemonRelay(String machineId, CoordinatorClient client, Duration coordinatorTimeout,
                       Function<String, @Nullable MachinePart> parts) {
        this.machineId = machineId;
        this.client = client;
        this.coordinatorTimeout = coordinatorTimeout;
        this.parts = parts;
        this.sampler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jdora-daemon-sample");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Samples the part of {@code command}'s run and posts it back; does not wait. At most one sample per run waits for
     * the sampler: a request for a run that has one waiting replaces it (the coordinator has given up on the older),
     * so that a run whose samples are slow does not make those of the others pile up behind it.
     */
    public void sample(CoordinatorToDaemon.SampleRun command) {
        if (pendingSamples.put(command.runId(), command.requestId()) != null) {
            return; // the one waiting answers this request
        }
        try {
            sampler.execute(() -> {
                Long request = pendingSamples.remove(command.runId());
                RunSnapshot snapshot = snapshot(command.runId());
                post("/sample", new DaemonToCoordinator.PartSample(command.runId(),
                        request == null ? command.requestId() : request, snapshot));
            });
        } catch (RejectedExecutionException closing) {
            pendingSamples.remove(command.runId());
            LOG.debug("not sampled (closing): {}", command);
        }
    }

    /** This machine's part of {@code runId} without its links; null if there is none now or it does not answer. */
    private @Nullable RunSnapshot snapshot(String runId) {
        probes.keySet().removeIf(id -> parts.apply(id) == null);
        MachinePart part = parts.apply(runId);
        if (part == null) {
            return null;
        }
        try {
            RunProbe probe = probes.computeIfAbsent(runId, id -> local.probe(local.resolve(part.localRunId())));
            return withoutLinks(probe.sample(), part::isLink);
        } catch (OperationException e) {
            LOG.warn("run {}: cannot sample this machine's part: {}", runId, e.getMessage());
            return null;
        }
    }

    /**
     * {@code snapshot} without the forwarders and receivers: their nodes and their readings are left out, and a topic
     * written by a receiver (a node of another machine) says {@code sent} -1, as its machine counts it.
     */
    static RunSnapshot withoutLinks(RunSnapshot snapshot, Predicate<String> isLink) {
        RunStatus status = snapshot.status();
        List<RunStatus.TopicStatus> topics = new ArrayList<>();
        for (RunStatus.TopicStatus topic : status.topics()) {
            List<RunStatus.ReaderStatus> readers = topic.readers().stream()
                    .filter(r -> !isLink.test(nodeOf(r.input()))).toList();
            topics.add(new RunStatus.TopicStatus(topic.name(), isLink.test(nodeOf(topic.name())) ? -1 : topic.sent(),
                    readers, topic.external()));
        }
        Map<String, ProcessUsage> usage = new HashMap<>(snapshot.usage());
        usage.keySet().removeIf(isLink);
        return new RunSnapshot(new RunStatus(status.state(), status.nodes().stream()
                .filter(n -> !isLink.test(n.id())).toList(), topics),
                snapshot.nodes().stream().filter(n -> !isLink.test(n.nodeId())).toList(), usage);
    }

    private static String nodeOf(String qualified) {
        int slash = qualified.indexOf('/');
        return slash < 0 ? qualified : qualified.substring(0, slash);
    }

    /** Opens the tap of {@code command} and pushes what it reads until it is closed; does not wait. */
    public void openTap(CoordinatorToDaemon.OpenTap command) {
        if (closed || taps.containsKey(command.tapId())) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                runTap(command);
            } finally {
                taps.remove(command.tapId());
            }
        }, "jdora-daemon-tap-" + command.tapId());
        thread.setDaemon(true);
        taps.put(command.tapId(), thread);
        thread.start();
    }

    private void runTap(CoordinatorToDaemon.OpenTap command) {
        MachinePart part = parts.apply(command.runId());
        Tap tap;
        try {
            if (part == null) {
                throw new OperationException("the part of run " + command.runId() + " on machine '" + machineId
                        + "' has ended", true);
            }
            tap = local.tap(local.resolve(part.localRunId()), command.topic(), command.queueSize());
        } catch (OperationException e) {
            push(command, List.of(), 0, true, e.getMessage());
            return;
        }
        try (tap) {
            pushUntilClosed(command, tap);
        } catch (InterruptedException e) {
            LOG.debug("tap {} on {} closed with the daemon", command.tapId(), command.topic());
        } catch (RuntimeException e) {
            LOG.warn("tap {} on {} failed", command.tapId(), command.topic(), e);
            push(command, List.of(), tap.dropped(), true, "machine '" + machineId + "': "
                    + (e instanceof OperationException ? e.getMessage() : e.toString()));
        }
    }

    private void pushUntilClosed(CoordinatorToDaemon.OpenTap command, Tap tap) throws InterruptedException {
        long lastContact = System.nanoTime();
        long lastPush = 0;
        long lost = 0; // messages read but not delivered to the coordinator: counted as dropped
        boolean first = true;
        while (!closed) {
            List<UserToCoordinator.TapMessage> batch = new ArrayList<>();
            long[] bytes = {0};
            IOException[] failure = {null};
            long until = System.nanoTime() + FLUSH.toNanos();
            while (batch.size() < MAX_BATCH && bytes[0] < MAX_BATCH_BYTES && !tap.ended()
                    && until - System.nanoTime() > 0) {
                tap.next(Duration.ofNanos(until - System.nanoTime()), (data, metadata) -> {
                    try {
                        UserToCoordinator.TapMessage message = TapMessages.encode(data, metadata);
                        bytes[0] += message.arrow().length;
                        batch.add(message);
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                });
                if (failure[0] != null) {
                    push(command, List.of(), tap.dropped() + lost, true, "cannot encode a message of "
                            + command.topic() + ": " + failure[0].getMessage());
                    return;
                }
            }
            boolean ended = tap.ended();
            if (!first && batch.isEmpty() && !ended && System.nanoTime() - lastPush < KEEP_ALIVE.toNanos()) {
                continue;
            }
            first = false;
            lastPush = System.nanoTime();
            Boolean open = push(command, batch, tap.dropped() + lost, ended, "");
            if (open == null) {
                lost += batch.size();
                TimeUnit.NANOSECONDS.sleep(FLUSH.toNanos()); // a pause between retries, not a wait for something
                if (System.nanoTime() - lastContact > coordinatorTimeout.toNanos()) {
                    LOG.warn("tap {} on {}: the coordinator has not answered for {}; closing it", command.tapId(),
                            command.topic(), coordinatorTimeout);
                    return;
                }
                continue;
            }
            lastContact = System.nanoTime();
            if (!open || ended) {
                return;
            }
        }
    }

    /** Pushes to the tap's queue in the coordinator: whether the tap stays open, null if the push failed. */
    private @Nullable Boolean push(CoordinatorToDaemon.OpenTap command, List<UserToCoordinator.TapMessage> messages,
                                   long dropped, boolean ended, String error) {
        CoordinatorToDaemon.TapAck ack = post("/taps/" + command.tapId(), new DaemonToCoordinator.TapPush(
                command.runId(), command.tapId(), messages, dropped, ended, error));
        return ack == null ? null : ack.open();
    }

    private CoordinatorToDaemon.@Nullable TapAck post(String path, DaemonToCoordinator body) {
        try {
            return client.post("/v1/daemons/" + machineId + path, body, CoordinatorToDaemon.TapAck.class,
                    CALL_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not tell the coordinator {}: {}", path, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The taps open on this machine now. */
    public int openTaps() {
        return taps.size();
    }

    /** Closes every tap (waits for them, at most a few seconds) and stops sampling. */
    @Override
    public void close() {
        closed = true;
        sampler.shutdownNow();
        List<Thread> open = List.copyOf(taps.values());
        open.forEach(Thread::interrupt);
        try {
            for (Thread thread : open) {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            }
            sampler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
