package dev.jdora.cluster.internal;

import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.Tap;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code drop_oldest} tap on an output of any machine, through the coordinator ({@link CoordinatorRelay}): the tap
 * itself runs on the daemon of the output's machine; this long-polls the coordinator for what it read and decodes each
 * message into an allocator of its own. Its drops count the daemon's and the coordinator's. Closing it closes the
 * daemon's tap; so does not polling it for the coordinator's tap idle timeout.
 *
 * <p><b>Threads.</b> One thread at a time, as every {@link Tap}; {@link #next} blocks for at most its timeout (plus one
 * request).
 */
public final class CoordinatorTap implements Tap {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorTap.class);
    private static final Duration CALL = Duration.ofSeconds(10);
    private static final Duration OPEN = Duration.ofSeconds(15);
    private static final long MAX_WAIT_MILLIS = 1_000;

    private final CoordinatorClient client;
    private final String tapId;
    private final String topic;
    private final BufferAllocator allocator = new RootAllocator();
    private final ArrayDeque<UserToCoordinator.TapMessage> pending = new ArrayDeque<>();
    private long dropped;
    private boolean endedThere;
    private String failure = ""; // why the tap ended early, thrown by next once what came before it is read
    private boolean closed;

    private CoordinatorTap(CoordinatorClient client, String tapId, String topic) {
        this.client = client;
        this.tapId = tapId;
        this.topic = topic;
    }

    /**
     * Opens a tap of {@code queueSize} on {@code topic} of run {@code runId}.
     *
     * @throws CoordinatorClient.RefusedException for an unknown output (400) or a machine that does not answer
     */
    public static CoordinatorTap open(CoordinatorClient client, String runId, String topic, int queueSize)
            throws IOException, InterruptedException {
        UserToCoordinator.TapOpened opened = client.post("/v1/runs/" + URLEncoder.encode(runId,
                StandardCharsets.UTF_8) + "/taps", new UserToCoordinator.OpenTap(topic, queueSize),
                UserToCoordinator.TapOpened.class, OPEN);
        return new CoordinatorTap(client, opened.tapId(), topic);
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public boolean next(Duration timeout, Receiver receiver) throws InterruptedException {
        if (pending.isEmpty() && !endedThere) {
            poll(Math.min(Math.max(0, timeout.toMillis()), MAX_WAIT_MILLIS));
        }
        UserToCoordinator.TapMessage message = pending.poll();
        if (message == null) {
            if (!failure.isEmpty()) {
                throw new OperationException(failure, false);
            }
            return false;
        }
        try {
            TapMessages.decode(message, allocator, receiver);
        } catch (IOException e) {
            throw new OperationException("cannot read a message of " + topic + " from the coordinator: "
                    + e.getMessage(), e);
        }
        return true;
    }

    private void poll(long waitMillis) throws InterruptedException {
        try {
            UserToCoordinator.TapBatch batch = client.get("/v1/taps/" + tapId + "?wait=" + waitMillis,
                    UserToCoordinator.TapBatch.class, CALL);
            pending.addAll(batch.messages());
            dropped = Math.max(dropped, batch.dropped());
            endedThere = batch.ended();
            if (!batch.error().isEmpty()) {
                failure = "the tap on " + topic + " failed: " + batch.error();
            }
        } catch (CoordinatorClient.RefusedException e) {
            if (e.status() != 404) {
                throw new OperationException(e.getMessage(), false);
            }
            endedThere = true; // forgotten by the coordinator: not polled for its tap idle timeout, or it restarted
            failure = "the coordinator closed the tap on " + topic + " (it was not polled for the coordinator's tap"
                    + " idle timeout, or the coordinator restarted)";
        } catch (IOException e) {
            throw new OperationException("cannot reach the coordinator at " + client + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean ended() {
        return endedThere && pending.isEmpty() && failure.isEmpty(); // a failure is thrown by the next call of next
    }

    /** The coordinator's id of this tap (for logs and tests). */
    public String id() {
        return tapId;
    }

    @Override
    public long dropped() {
        return dropped;
    }

    /** Closes the tap on the coordinator (and so on its machine) and frees what it decoded into. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!endedThere) {
                client.delete("/v1/taps/" + tapId, CoordinatorToDaemon.TapAck.class, CALL);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("tap {}: the coordinator did not hear of its close ({}); it closes it when idle", tapId,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            allocator.close();
        }
    }
}
