package dev.jdora.recording.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.recording.RecordedMessages;
import dev.jdora.recording.Recording;
import dev.jdora.recording.RecordingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A replay source: stands in for a recorded node (same id, same outputs) and sends what that node sent, with the
 * recorded timing divided by the speed ({@code 0}: as fast as the readers accept). The outputs of one replayed node
 * are merged in the order the recorder received them; the clock of every replayed node starts at the first message
 * of the whole recording, so replayed nodes keep their timing relative to one another. With {@code loop} it starts
 * again from the beginning until stopped; if the replayed outputs hold no message at all it ends after one pass (and
 * says so), as without {@code loop}. When done it prints how late it was against the recorded timing.
 *
 * <p>Runs on the node's thread alone; waits for the next message's time with {@code Node.next(timeout)}, so a
 * {@code Stop} ends it at once.
 */
public final class ReplayNode implements NodeMain {

    /** The recording directory (absolute). */
    public static final String DIR_ENV = "JDORA_REPLAY_DIR";
    /** {@code outputId=node/output,...}: this node's outputs and the recorded outputs they send. */
    public static final String OUTPUTS_ENV = "JDORA_REPLAY_OUTPUTS";
    /** The speed: {@code 1} as recorded, {@code 2} twice as fast, {@code 0} as fast as the readers accept. */
    public static final String SPEED_ENV = "JDORA_REPLAY_SPEED";
    /** {@code true}: start again at the end. */
    public static final String LOOP_ENV = "JDORA_REPLAY_LOOP";

    @Override
    public void run(Node node) throws Exception {
        Recording recording = Recording.open(Path.of(node.env().get(DIR_ENV)));
        double speed = Double.parseDouble(node.env().get(SPEED_ENV));
        boolean loop = Boolean.parseBoolean(node.env().get(LOOP_ENV));
        Map<String, String> outputs = RecorderNode.parseOutputs(node.env().get(OUTPUTS_ENV));
        long origin = firstReceive(recording, node);
        long sent = 0;
        Lateness lateness = new Lateness();
        long started = System.nanoTime();
        do {
            long pass = replay(node, recording, outputs, speed, origin, lateness);
            if (pass < 0) {
                sent -= pass + 1;
                break;
            }
            sent += pass;
            if (loop && pass == 0) {
                // nothing to wait for between sends, so a next pass would neither send nor read a Stop: it would spin
                System.out.println("--loop: the replayed outputs hold no message; nothing to loop over, ending");
                break;
            }
        } while (loop);
        System.out.printf("replayed %d messages in %.3f s at speed %s; behind the recorded timing: mean %.3f ms, "
                + "max %.3f ms%n", sent, (System.nanoTime() - started) / 1e9, node.env().get(SPEED_ENV),
                lateness.mean() / 1e6, lateness.max / 1e6);
    }

    /** One pass over the recording; the count sent, or {@code -(count + 1)} if a Stop ended it. */
    private static long replay(Node node, Recording recording, Map<String, String> outputs, double speed,
                               long origin, Lateness lateness) throws RecordingException {
        List<Cursor> cursors = new ArrayList<>();
        try {
            for (Map.Entry<String, String> e : outputs.entrySet()) {
                Cursor cursor = new Cursor(e.getKey(), recording.messages(e.getValue(), node.allocator()));
                cursors.add(cursor);
                cursor.advance();
            }
            long start = System.nanoTime();
            long sent = 0;
            while (true) {
                Cursor next = null;
                for (Cursor c : cursors) {
                    if (c.live && (next == null || c.receive < next.receive)) {
                        next = c;
                    }
                }
                if (next == null) {
                    return sent;
                }
                if (!waitFor(node, speed, start, next.receive - origin, lateness, sent)) {
                    return -(sent + 1);
                }
                node.send(next.outputId, next.messages.data(), next.messages.metadata().parameters());
                sent++;
                next.advance();
            }
        } finally {
            for (Cursor c : cursors) {
                c.messages.close();
            }
        }
    }

    /** Waits until the message's time; false if a Stop came meanwhile. */
    private static boolean waitFor(Node node, double speed, long start, long offset, Lateness lateness, long sent) {
        if (speed == 0) {
            return sent % 64 != 0 || !stopped(node.next(Duration.ZERO), node);
        }
        long due = start + (long) (offset / speed);
        long now;
        while ((now = System.nanoTime()) < due) {
            if (stopped(node.next(Duration.ofNanos(due - now)), node)) {
                return false;
            }
        }
        lateness.add(now - due);
        return true;
    }

    private static boolean stopped(Optional<Event> event, Node node) {
        return event.map(e -> e instanceof Event.Stop).orElse(false) || node.isEndOfStream();
    }

    private static long firstReceive(Recording recording, Node node) throws RecordingException {
        long first = Long.MAX_VALUE;
        for (String output : recording.outputs()) {
            try (RecordedMessages messages = recording.messages(output, node.allocator())) {
                if (messages.next()) {
                    first = Math.min(first, messages.receiveNanos());
                }
            }
        }
        return first;
    }

    /** One output's messages, with the receive time of the current one. */
    private static final class Cursor {
        final String outputId;
        final RecordedMessages messages;
        boolean live;
        long receive;

        Cursor(String outputId, RecordedMessages messages) {
            this.outputId = outputId;
            this.messages = messages;
        }

        void advance() throws RecordingException {
            live = messages.next();
            if (live) {
                receive = messages.receiveNanos();
            }
        }
    }

    /** How late each send was against the recorded timing. */
    private static final class Lateness {
        long count;
        long sum;
        long max;

        void add(long nanos) {
            count++;
            sum += nanos;
            max = Math.max(max, nanos);
        }

        double mean() {
            return count == 0 ? 0 : (double) sum / count;
        }
    }

}
