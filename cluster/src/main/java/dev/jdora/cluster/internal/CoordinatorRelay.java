package dev.jdora.cluster.internal;

import dev.jdora.core.internal.Suggestions;
import dev.jdora.runtime.ops.RunSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The requests of {@code jdora top} and {@code jdora topic echo/hz} that the coordinator relays to the daemons of a
 * run's machines:
 * <ul>
 *   <li>{@code GET /v1/runs/<id>/sample}: a {@link CoordinatorToDaemon.SampleRun} to every machine of the run, whose
 *       {@link DaemonToCoordinator.PartSample}s ({@code POST /v1/daemons/<m>/sample}) are awaited at most
 *       {@link #SAMPLE_WAIT}: a machine that does not answer in time is left out of the answer, never waited for
 *       longer;</li>
 *   <li>{@code POST /v1/runs/<id>/taps}: an {@link CoordinatorToDaemon.OpenTap} to the machine of the output's node,
 *       which pushes what its tap reads ({@code POST /v1/daemons/<m>/taps/<tap>}) into a queue here of the tap's size
 *       and at most {@link #MAX_TAP_BYTES} (the oldest dropped and counted when the client is behind);
 *       {@code GET /v1/taps/<tap>?wait=MS} takes what is queued (a long poll), {@code DELETE} closes it. A tap not polled for the tap idle timeout is closed too: the
 *       daemon's next push is answered "closed", and the daemon closes its tap.</li>
 * </ul>
 * Separate from {@link CoordinatorState} so that these waits never hold the lock daemons report under.
 *
 * <p><b>Threads.</b> Thread-safe: one lock; waits release it. Lock order: this, then the state's.
 */
public final class CoordinatorRelay {

    /** How long a sample waits for the machines of the run. */
    static final Duration SAMPLE_WAIT = Duration.ofSeconds(2);
    private static final Duration OPEN_WAIT = Duration.ofSeconds(5);
    private static final long MAX_POLL_WAIT_MILLIS = 5_000;
    private static final int MAX_BATCH = 256;
    /** The most data a tap's queue here holds, in bytes: beyond, the oldest are dropped and counted. */
    static final long MAX_TAP_BYTES = 64L << 20;
    /** How long an open tap's daemon may push nothing (not even a keep-alive) before its tap ends with an error. */
    static final Duration TAP_SILENCE = DaemonRelay.KEEP_ALIVE.multipliedBy(4);

    private final CoordinatorState state;
    private final long tapIdleNanos;
    private final Map<Long, Map<String, Optional<RunSnapshot>>> samples = new HashMap<>(); // empty: not answering
    private final Map<String, RelayedTap> taps = new HashMap<>();
    /** The last sample of each machine of each run, by run id: a part that ended keeps its last counters in top. */
    private final Map<String, Map<String, RunSnapshot>> lastSamples = new HashMap<>();
    private long requests;
    private boolean closed;

    /** One tap: its queue here, and what its daemon said last. */
    private static final class RelayedTap {
        final String runId;
        final String machine;
        final int queueSize;
        final ArrayDeque<UserToCoordinator.TapMessage> queue = new ArrayDeque<>();
        long queuedBytes;
        long droppedHere;
        long droppedThere;
        boolean opened;
        boolean ended;
        String error = "";
        long lastPolled = System.nanoTime();
        long lastPushed = System.nanoTime();

        RelayedTap(String runId, String machine, int queueSize) {
            this.runId = runId;
            this.machine = machine;
            this.queueSize = queueSize;
        }
    }

    /**
     * @param tapIdle how long a tap may go unpolled before it is closed
     */
    public CoordinatorRelay(CoordinatorState state, Duration tapIdle) {
        this.state = state;
        this.tapIdleNanos = tapIdle.toNanos();
    }

    /**
     * Answers {@code path} if it is one of the relayed requests; empty if it is not. Reads the request's body before it
     * takes the lock.
     */
    public Optional<CoordinatorState.Answer> handle(String method, String path, @Nullable String query, byte[] body)
            throws InterruptedException {
        String[] parts = path.split("/");
        try {
            if (parts.length == 5 && parts[2].equals("runs") && parts[4].equals("sample") && method.equals("GET")) {
                return Optional.of(sample(parts[3]));
            }
            if (parts.length == 5 && parts[2].equals("runs") && parts[4].equals("taps") && method.equals("POST")) {
                return Optional.of(openTap(parts[3], Json.read(body, UserToCoordinator.OpenTap.class)));
            }
            if (parts.length == 4 && parts[2].equals("taps")) {
                if (method.equals("DELETE")) {
                    return Optional.of(closeTap(parts[3]));
                }
                String wait = query != null && query.startsWith("wait=") ? query.substring(5) : "0";
                if (!wait.matches("\\d{1,9}")) {
                    return Optional.of(refusal(400, "wait must be a number of milliseconds, not '" + wait + "'"));
                }
                return Optional.of(pollTap(parts[3], Long.parseLong(wait)));
            }
            if (parts.length == 5 && parts[2].equals("daemons") && parts[4].equals("sample")) {
                sampled(parts[3], (DaemonToCoordinator.PartSample) Json.read(body, DaemonToCoordinator.class));
                return Optional.of(new CoordinatorState.Answer(200, new CoordinatorToDaemon.TapAck(true)));
            }
            if (parts.length == 6 && parts[2].equals("daemons") && parts[4].equals("taps")) {
                return Optional.of(push((DaemonToCoordinator.TapPush) Json.read(body, DaemonToCoordinator.class)));
            }
        } catch (IOException | ClassCastException e) {
            return Optional.of(refusal(400, "not a request jdora understands: " + e.getMessage()));
        }
        return Optional.empty();
    }

    private synchronized void sampled(String machine, DaemonToCoordinator.PartSample sample) {
        Optional.ofNullable(samples.get(sample.requestId()))
                .ifPresent(s -> s.put(machine, Optional.ofNullable(sample.snapshot())));
        if (sample.snapshot() != null) {
            lastSamples.computeIfAbsent(sample.runId(), r -> new HashMap<>()).put(machine, sample.snapshot());
        }
        notifyAll();
    }

    private synchronized CoordinatorState.Answer sample(String runId) throws InterruptedException {
        Optional<CoordinatorState.RunMachines> found = state.runMachines(runId);
        if (found.isEmpty()) {
            lastSamples.remove(runId);
            return refusal(404, "no run '" + runId + "'");
        }
        CoordinatorState.RunMachines run = found.get();
        long request = ++requests;
        Map<String, Optional<RunSnapshot>> answers = new HashMap<>();
        samples.put(request, answers);
        try {
            run.answering().forEach(m -> state.relay(m, new CoordinatorToDaemon.SampleRun(runId, request)));
            long until = System.nanoTime() + SAMPLE_WAIT.toNanos();
            while (!answers.keySet().containsAll(run.answering()) && !closed && until - System.nanoTime() > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, until - System.nanoTime());
            }
        } finally {
            samples.remove(request);
        }
        UserToCoordinator.RunView view = state.runMachines(runId).map(CoordinatorState.RunMachines::view)
                .orElse(run.view());
        Map<String, RunSnapshot> machines = new HashMap<>(lastSamples.getOrDefault(runId, Map.of()));
        machines.keySet().retainAll(run.placement().values());
        machines.keySet().removeAll(run.answering()); // a machine whose part ended keeps its last counters
        answers.forEach((machine, snapshot) -> snapshot.ifPresent(s -> machines.put(machine, s)));
        return new CoordinatorState.Answer(200, new UserToCoordinator.RunSample(view, run.placement(), machines));
    }

    private synchronized CoordinatorState.Answer openTap(String runId, UserToCoordinator.OpenTap request)
            throws InterruptedException {
        closeIdleTaps();
        Optional<CoordinatorState.RunMachines> found = state.runMachines(runId);
        if (found.isEmpty()) {
            return refusal(404, "no run '" + runId + "'");
        }
        CoordinatorState.RunMachines run = found.get();
        int slash = request.topic().indexOf('/');
        String node = slash < 0 ? request.topic() : request.topic().substring(0, slash);
        String machine = run.placement().get(node);
        if (machine == null || slash < 0) {
            List<String> nodes = List.copyOf(run.placement().keySet());
            return refusal(400, "dataflow '" + run.view().name() + "' has no output '" + request.topic() + "'"
                    + Suggestions.didYouMean(node, nodes) + " (an output is node/output)");
        }
        if (!run.answering().contains(machine)) {
            return refusal(503, "output '" + request.topic() + "' is on machine '" + machine
                    + "', whose part of the run has ended or which is lost");
        }
        String tapId = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        RelayedTap tap = new RelayedTap(runId, machine, Math.max(1, request.queueSize()));
        taps.put(tapId, tap);
        state.relay(machine, new CoordinatorToDaemon.OpenTap(runId, tapId, request.topic(), tap.queueSize));
        long until = System.nanoTime() + OPEN_WAIT.toNanos();
        while (!tap.opened && tap.error.isEmpty() && !closed && until - System.nanoTime() > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, until - System.nanoTime());
        }
        tap.lastPolled = System.nanoTime();
        if (!tap.error.isEmpty() || !tap.opened) {
            taps.remove(tapId);
            return tap.error.isEmpty() ? refusal(504, "machine '" + machine + "' did not open a tap on '"
                    + request.topic() + "' in time") : refusal(400, tap.error);
        }
        return new CoordinatorState.Answer(200, new UserToCoordinator.TapOpened(tapId));
    }

    private synchronized CoordinatorState.Answer pollTap(String tapId, long waitMillis) throws InterruptedException {
        closeIdleTaps();
        RelayedTap tap = taps.get(tapId);
        if (tap == null) {
            return refusal(404, "the tap is closed");
        }
        tap.lastPolled = System.nanoTime();
        long until = System.nanoTime() + Math.min(TimeUnit.MILLISECONDS.toNanos(Math.min(waitMillis,
                MAX_POLL_WAIT_MILLIS)), tapIdleNanos / 2); // a poll in progress must not count as idle
        while (tap.queue.isEmpty() && !tap.ended && !silent(tap) && !closed && taps.get(tapId) == tap
                && until - System.nanoTime() > 0) {
            long silentAt = tap.lastPushed + TAP_SILENCE.toNanos();
            TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, Math.min(until, silentAt) - System.nanoTime()));
        }
        tap.lastPolled = System.nanoTime();
        if (!tap.ended && silent(tap)) { // its daemon is lost, or its tap died without a word
            tap.ended = true;
            tap.error = "machine '" + tap.machine + "' stopped answering (nothing from its tap for "
                    + TAP_SILENCE.toMillis() + " ms)";
        }
        List<UserToCoordinator.TapMessage> messages = new ArrayList<>();
        while (!tap.queue.isEmpty() && messages.size() < MAX_BATCH) {
            UserToCoordinator.TapMessage message = tap.queue.poll();
            tap.queuedBytes -= message.arrow().length;
            messages.add(message);
        }
        boolean ended = tap.ended && tap.queue.isEmpty();
        if (ended) {
            taps.remove(tapId);
        }
        return new CoordinatorState.Answer(200, new UserToCoordinator.TapBatch(messages,
                tap.droppedHere + tap.droppedThere, ended, ended ? tap.error : ""));
    }

    private static boolean silent(RelayedTap tap) {
        return tap.opened && System.nanoTime() - tap.lastPushed > TAP_SILENCE.toNanos();
    }

    private synchronized CoordinatorState.Answer closeTap(String tapId) {
        taps.remove(tapId);
        notifyAll();
        return new CoordinatorState.Answer(200, new CoordinatorToDaemon.TapAck(false));
    }

    private synchronized CoordinatorState.Answer push(DaemonToCoordinator.TapPush push) {
        closeIdleTaps();
        RelayedTap tap = taps.get(push.tapId());
        if (tap == null || !tap.runId.equals(push.runId())) {
            return new CoordinatorState.Answer(200, new CoordinatorToDaemon.TapAck(false));
        }
        tap.lastPushed = System.nanoTime();
        if (!push.error().isEmpty()) {
            tap.error = push.error();
            tap.ended |= tap.opened; // an error after the tap opened ends it; its client hears of it in its last batch
        } else {
            tap.opened = true;
        }
        for (UserToCoordinator.TapMessage message : push.messages()) {
            while (!tap.queue.isEmpty() && (tap.queue.size() >= tap.queueSize
                    || tap.queuedBytes + message.arrow().length > MAX_TAP_BYTES)) {
                tap.queuedBytes -= tap.queue.poll().arrow().length;
                tap.droppedHere++;
            }
            tap.queue.add(message);
            tap.queuedBytes += message.arrow().length;
        }
        tap.droppedThere = push.dropped();
        tap.ended |= push.ended();
        notifyAll();
        return new CoordinatorState.Answer(200, new CoordinatorToDaemon.TapAck(push.error().isEmpty()
                && !tap.ended));
    }

    /**
     * Forgets the taps whose client has not polled for the idle timeout: their daemons close them at next push. A tap
     * still opening is left to {@link #openTap}, which gives up on it itself.
     */
    private void closeIdleTaps() {
        long now = System.nanoTime();
        taps.values().removeIf(t -> t.opened && now - t.lastPolled > tapIdleNanos);
    }

    /** The taps open now (for tests and logs). */
    public synchronized int openTaps() {
        closeIdleTaps();
        return taps.size();
    }

    private static CoordinatorState.Answer refusal(int status, String error) {
        return new CoordinatorState.Answer(status, new UserToCoordinator.Refusal(error));
    }

    /** Wakes every waiting request; the coordinator is closing. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
