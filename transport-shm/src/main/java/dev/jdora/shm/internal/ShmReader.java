package dev.jdora.shm.internal;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Received;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.wire.DocumentContext;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * One input's independent tail of a channel's queue, with its progress in its header slot. Its writer may be in
 * another process: {@link #needsPolling()} is true, a {@code poll} that finds nothing costs one volatile read, and a
 * consumer that wants to wait {@linkplain #armWakeup() arms} the reader: it sets the slot's {@code asleep} flag, and
 * the writer's next message (or the channel's end) rings the reader's {@link ReaderBell}: the node's
 * {@link ConsumerBell}, which wakes the consumer thread itself, or the process's {@link Doorbell}, whose thread runs
 * {@code onAvailable}.
 *
 * <p>{@code drop_oldest}: a reader more than {@code queueSize} behind jumps to the newest {@code queueSize} messages
 * (an O(1) move, see {@link ChannelQueue}) and counts what it skipped. {@code backpressure}: its position holds the
 * writer back.
 *
 * <p><b>Receiving allocates nothing</b> for a small message of a flat array without parameters: it is copied into a
 * vector this reader reuses (see {@link MessageDecoder}); the count of committed messages is read from the header only
 * when the reader has read every message it knew of, so a backlog is read without touching the writer's cache line.
 *
 * <p><b>Resuming.</b> The slot records the message this reader lent last until it is finished — until the next
 * {@code poll} or {@code release}, which the event stream calls when the node asks for its next event; {@code close}
 * releases its data but leaves it unfinished (a node that throws closes its inputs on the way out, and must get the
 * message it was handling again) — and, at {@code close}, where it had read to. A reader that subscribes to a slot the
 * daemon prepared for a restarted process ({@code ChannelHeader#prepareResume}) starts at the first message its
 * predecessor had not finished; that message, if any, gets the parameter {@value #REDELIVERED} = {@code true}. The
 * slot of a restartable node ({@code Subscriber#restartable}) keeps its claim on that message after {@code close},
 * and the writer keeps what it had not read ({@code ChannelHeader#resumeFrom}) until the daemon decides.
 *
 * <p><b>Threads.</b> {@code poll}, {@code release}, {@code oldestArrivalNanos} and {@code state} from the consuming
 * thread, {@link #close()} from any thread (all are serialized on this object; none blocks). What {@code poll} lends
 * is valid until the next {@code poll}, {@code release} or {@code close}; in-place data transferred out of it stays
 * valid (and pinned) after this reader is closed, until the application closes it.
 */
public final class ShmReader implements InputReader {

    private static final State OPEN = new State.Open();
    private static final State ENDED = new State.Ended();
    /** The parameter that marks a message delivered again to a restarted reader. */
    public static final String REDELIVERED = "redelivered";

    private final ChannelId id;
    private final ChannelHeader header;
    private final int slot;
    private final boolean lossless;
    private final int queueSize;
    /** The slot's node may be restarted: a close keeps the claim on an unfinished message (see the class comment). */
    private final boolean restartable;
    private final HeldSequences held;
    private final MessageDecoder decoder;
    private final ChannelQueue queue;
    private final ExcerptTailer tailer;
    private final ReaderBell bell;
    private final Runnable onAvailable;
    private final WriterWaker writer;
    private final Received lent = new Received();
    private long position;
    /** The header's {@code committed} when last read: messages below it are readable without asking again. */
    private long knownCommitted;
    private long tailerAt = -1;
    private long dropped;
    private @Nullable State failed;
    private boolean closed;
    /** The message a dead predecessor had not finished, delivered again marked; -1 if none. */
    private long redeliver = -1;
    /** True while the slot names a lent message as unfinished. */
    private boolean lending;

    ShmReader(ChannelId id, Path directory, ChannelHeader header, int slot, ReaderBell bell, Runnable onAvailable,
              WriterWaker writer) {
        this.id = id;
        this.writer = writer;
        this.bell = bell;
        this.onAvailable = onAvailable;
        this.header = header;
        this.slot = slot;
        this.lossless = header.lossless(slot);
        this.queueSize = header.queueSize(slot);
        this.restartable = header.restartable(slot);
        this.position = header.position(slot);
        this.dropped = header.dropped(slot);
        long unfinished = header.unfinished(slot);
        if (unfinished == position) {
            this.redeliver = unfinished;
        }
        this.held = new HeldSequences(header, slot, writer);
        this.decoder = new MessageDecoder(directory, held);
        this.queue = ChannelQueue.open(ChannelFiles.queue(directory), header.cycleShift(),
                () -> Math.max(0, header.committed() - 1), StoreFileListener.noOp());
        this.tailer = queue.chronicle().createTailer();
        this.tailer.singleThreadedCheckDisabled(true);
        header.setBell(slot, bell.id());
        bell.register(onAvailable);
    }

    /**
     * Sets the slot's {@code asleep} flag, then looks again: false (and the flag cleared) if a message or the end is
     * there already or the doorbell cannot ring; true if the writer will ring. The flag is written before
     * {@code committed} is read and the writer publishes {@code committed} before it reads the flag, so one of the two
     * always sees the other.
     */
    @Override
    public synchronized boolean armWakeup() {
        if (closed) {
            return true; // nothing more will come: no reason to keep the consumer awake
        }
        header.setAsleep(slot, true);
        if (position < header.committed() || header.endState() != ChannelHeader.OPEN || !bell.alive()) {
            header.setAsleep(slot, false);
            return false;
        }
        return true;
    }

    @Override
    public synchronized void disarmWakeup() {
        if (!closed && header.asleep(slot)) {
            header.setAsleep(slot, false);
        }
    }

    @Override
    public synchronized @Nullable Received poll(BufferAllocator allocator) {
        if (closed) {
            return null;
        }
        decoder.releaseLent();
        finishLent();
        long committed = committed();
        while (position < committed) {
            skipIfBehind(committed);
            held.claim(position);
            long floor = header.floor();
            if (floor > position) {
                // reclaimed under a lagging drop_oldest reader between our check and our claim
                held.unclaim();
                if (lossless) {
                    throw new IllegalStateException("channel " + id + ": message " + position
                            + " was reclaimed before a lossless reader read it");
                }
                skipTo(floor);
                continue;
            }
            boolean read = false;
            try {
                read(position, allocator);
                header.setUnfinished(slot, position); // before the position moves past it
                lending = true;
                position++;
                header.setPosition(slot, position);
                writer.wakeWriterIfAsleep();
                read = true;
                return lent;
            } finally {
                if (!read) {
                    held.unclaim();
                } // else the claim stays until the message is finished: a restarted reader may read it again
            }
        }
        return null;
    }

    /**
     * The committed count. A {@code backpressure} reader reads it from the header only when it has read every message
     * it knew of; a {@code drop_oldest} reader reads it every time, to know how far behind it is.
     */
    private long committed() {
        if (!lossless || position >= knownCommitted) {
            knownCommitted = header.committed();
        }
        return knownCommitted;
    }

    @Override
    public synchronized void release() {
        decoder.releaseLent();
        finishLent();
    }

    /** The node is done with the message lent last: a restarted reader will not read it again. */
    private void finishLent() {
        if (lending) {
            lending = false;
            header.setUnfinished(slot, Long.MAX_VALUE);
            held.unclaim();
        }
    }

    private void skipIfBehind(long committed) {
        if (!lossless && committed - position > queueSize) {
            skipTo(committed - queueSize);
        }
    }

    private void skipTo(long seq) {
        dropped += seq - position;
        position = seq;
        header.setDropped(slot, dropped);
        header.setPosition(slot, position);
    }

    private void read(long seq, BufferAllocator allocator) {
        if (tailerAt != seq && !tailer.moveToIndex(queue.indexOf(seq))) {
            throw new IllegalStateException("channel " + id + ": committed message " + seq + " not found");
        }
        tailerAt = -1;
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                throw new IllegalStateException("channel " + id + ": committed message " + seq + " not readable");
            }
            long found = MessageDecoder.peekSeq(dc.wire().bytes());
            if (found != seq) {
                throw new IllegalStateException("channel " + id + ": expected message " + seq + ", found " + found);
            }
            decoder.decode(dc.wire().bytes(), allocator, lent);
            tailerAt = seq + 1;
            if (seq == redeliver) {
                redeliver = -1;
                markRedelivered();
            }
        }
    }

    private void markRedelivered() {
        Map<String, Object> parameters = new LinkedHashMap<>(lent.parameters());
        parameters.put(REDELIVERED, Boolean.TRUE);
        lent.set(lent.data(), lent.timestampNanos(), lent.timestampCounter(), Collections.unmodifiableMap(parameters));
    }

    /**
     * The send time of the oldest message this reader would read next. When the reader is more than the header's
     * arrival window (4096 messages) behind, the oldest time still in the window is returned: such a backlog sorts
     * first anyway.
     */
    @Override
    public synchronized long oldestArrivalNanos() {
        if (closed) {
            return NO_MESSAGE;
        }
        long committed = committed();
        if (position >= committed) {
            return NO_MESSAGE;
        }
        if (lossless && queueSize < ChannelHeader.ARRIVALS) {
            // the writer waits for this reader: it cannot have overwritten the arrival slot of position
            return header.arrival(position);
        }
        long oldest = lossless ? position : Math.max(position, committed - queueSize);
        while (true) {
            long seq = Math.max(oldest, committed - ChannelHeader.ARRIVALS + 1);
            long nanos = header.arrival(seq);
            long now = header.committed();
            if (now - seq < ChannelHeader.ARRIVALS) {
                return nanos;
            }
            committed = now;
        }
    }

    @Override
    public synchronized State state() {
        if (closed) {
            return ENDED;
        }
        int end = header.endState();
        if (end != ChannelHeader.ENDED && end != ChannelHeader.FAILED) {
            return OPEN;
        }
        if (position < header.committed()) {
            return OPEN;
        }
        if (end == ChannelHeader.ENDED) {
            return ENDED;
        }
        State f = failed;
        if (f == null) {
            f = new State.Failed(header.error());
            failed = f;
        }
        return f;
    }

    @Override
    public boolean needsPolling() {
        return true;
    }

    @Override
    public QueuePolicy queuePolicy() {
        return lossless ? QueuePolicy.BACKPRESSURE : QueuePolicy.DROP_OLDEST;
    }

    @Override
    public synchronized long droppedCount() {
        return dropped;
    }

    /** How many in-place messages are still pinned (lent or taken, not yet released): for tests and diagnostics. */
    public int heldCount() {
        return held.heldCount();
    }

    /**
     * Unsubscribes: the writer stops waiting for this reader (unless its node is restartable: then until the daemon
     * decides, see the class comment); what was committed and not read yet is counted as dropped (in the header too,
     * where the daemon reads it); in-place data the application still holds stays pinned until closed. The message lent
     * last is released but not finished: a restarted reader gets it again. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        bell.unregister(onAvailable);
        header.setAsleep(slot, false);
        if (lending && !restartable) {
            held.unclaim(); // nobody will resume here: the message stays unfinished, but need not stay in memory
        }
        header.setClosedAt(slot, position);
        header.casSlotState(slot, ChannelHeader.ATTACHED, ChannelHeader.CLOSED);
        writer.wakeWriterIfAsleep(); // it no longer waits for this reader
        long unread = header.committed() - position; // read after the slot is closed: later messages are not ours
        if (unread > 0) {
            skipTo(position + unread);
        }
        decoder.close();
        tailer.close();
        queue.close();
    }
}
