package dev.jdora.testkit.transport;

import static dev.jdora.testkit.transport.Payloads.seqOf;
import static dev.jdora.testkit.transport.TransportCompatibilityKit.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.transport.InputReader.State;
import dev.jdora.core.transport.Received;
import dev.jdora.testkit.transport.KitThreads.Worker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.compare.VectorEqualsVisitor;

/** The kit's multi-step checks: reading in order, reading to the end, a blocked writer, an equal vector. */
final class KitAssertions {

    private KitAssertions() {
    }

    static void assertSameVector(ValueVector got, FieldVector sent) {
        String what = sent.getField().toString();
        assertThat(got.getClass()).as("vector class of %s", what).isEqualTo(sent.getClass());
        assertThat(got.getField()).as("field").isEqualTo(sent.getField());
        assertThat(got.getValueCount()).as("value count of %s", what).isEqualTo(sent.getValueCount());
        assertThat(got.getNullCount()).as("null count of %s", what).isEqualTo(sent.getNullCount());
        assertThat(VectorEqualsVisitor.vectorEquals(sent, got)).as("values of %s: sent %s, got %s", what, sent, got)
                .isTrue();
    }

    /** Reads all inboxes round-robin on this thread until each has had messages {@code 0 .. count-1}, in order. */
    static void readInOrder(List<Inbox> inboxes, long count, Waiter waiter) throws InterruptedException {
        long[] next = new long[inboxes.size()];
        int done = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (done < inboxes.size()) {
            long mark = waiter.mark();
            boolean progress = false;
            for (int i = 0; i < inboxes.size(); i++) {
                Received received = next[i] < count ? inboxes.get(i).poll() : null;
                if (received != null) {
                    long seq = seqOf(received);
                    if (seq != next[i]) {
                        throw new AssertionError(inboxes.get(i).name() + ": expected message " + next[i] + ", got "
                                + seq);
                    }
                    done += ++next[i] == count ? 1 : 0;
                    progress = true;
                }
            }
            if (progress) {
                waiter.progressed();
                deadline = System.nanoTime() + WAIT.toNanos();
                continue;
            }
            for (int i = 0; i < inboxes.size(); i++) {
                State state = inboxes.get(i).reader().state();
                if (next[i] < count && !(state instanceof State.Open)) {
                    throw new AssertionError(inboxes.get(i).name() + ": the channel ended (" + state + ") after "
                            + next[i] + " of " + count + " messages");
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("no message for " + WAIT + "; messages read per reader: "
                        + Arrays.toString(next) + " of " + count);
            }
            waiter.idle(mark, deadline);
        }
    }

    /** The sequence numbers read until the channel ends, which must end in {@code expectedEnd}. */
    static List<Long> readSeqsUntilEnd(Inbox inbox, State expectedEnd) throws InterruptedException {
        List<Long> seqs = new ArrayList<>();
        for (Received r = inbox.takeOrEnd(WAIT); r != null; r = inbox.takeOrEnd(WAIT)) {
            seqs.add(seqOf(r));
        }
        assertThat(inbox.reader().state()).as("%s: end after %s", inbox.name(), seqs).isEqualTo(expectedEnd);
        return seqs;
    }

    /**
     * Waits until the writer thread has sent {@code queueSize} messages more than the paused reader has read and is
     * parked in {@code send}; fails at once if it ever gets more than {@code queueSize + 1} ahead.
     */
    static void assertWriterBlockedAhead(Worker writer, AtomicLong sent, long read, int queueSize)
            throws InterruptedException {
        long bound = read + queueSize;
        Waits.until(() -> {
            long s = sent.get();
            if (s > bound + 1) {
                throw new AssertionError("the writer sent " + s + " messages while a backpressure reader with queue "
                        + "size " + queueSize + " had read " + read);
            }
            return s >= bound && Waits.isParked(writer.thread());
        }, WAIT, () -> "the writer to send " + bound + " messages (queue size " + queueSize + ", " + read + " read) "
                + "and block; it has sent " + sent.get() + ", thread " + writer.describe());
        assertThat(sent.get()).as("messages sent by the blocked writer (%d read, queue size %d)", read, queueSize)
                .isBetween(bound, bound + 1);
    }
}
