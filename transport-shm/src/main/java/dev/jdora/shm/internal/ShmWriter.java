package dev.jdora.shm.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.transport.ChannelClosedException;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.SendBuffer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.wire.DocumentContext;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one channel, in the process of the node that owns the output. Each {@link #send} appends one
 * document to the channel's queue (small bodies inline, large ones in the payload ring) and then publishes the new
 * {@code committed} count in the header: readers never see a message before it is complete, and a writer killed
 * mid-append leaves nothing half-readable. Then it rings the doorbell of each reader that sleeps (see
 * {@link SleeperBells}); a reader that is awake costs it one read of the reader's slot.
 *
 * <p><b>Blocking.</b> {@code send} waits (spin, yield, then sleep until a reader wakes it, see {@link WriterSleep};
 * interruptible) while a {@code backpressure} reader is
 * {@code queueSize} messages behind, and while the payload ring has no room for a large body: that happens when
 * readers (of any policy) still hold in-place data, because an in-place {@code Input} pins its bytes until it is
 * closed. Holding large inputs for long therefore stalls their writer.
 *
 * <p><b>Zero-copy sends.</b> {@link #allocate} lends room in the payload ring ({@link RingSendBuffer}); its send
 * writes only the descriptor. An allocated buffer holds its room until it is sent or closed, and bodies placed after
 * it wait for it to be reclaimed; when the only way to free room is a buffer not sent yet, {@code allocate} and
 * {@code send} fail with {@link IllegalStateException} instead of waiting forever (the lock they hold would keep
 * another thread from sending it).
 *
 * <p><b>Threads.</b> Every method may be called from any thread. Calls are serialized on one lock: the sequence, the
 * payload ring and the Chronicle appender are this writer's state and belong to whichever thread holds it, so a
 * channel keeps one appender and one order of messages whatever thread sends (a timer pool, several threads of a
 * node). Chronicle's own check that an appender stays on one thread is therefore switched off: the lock is what
 * confines it. {@link #close()} and {@link #fail} wait for a {@code send} in progress to finish; a {@code send} that
 * is waiting for readers gives up with {@link ChannelClosedException} when the writer is being closed, so closing
 * never waits for a slow reader. Uncontended, the lock allocates nothing.
 */
public final class ShmWriter implements OutputWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ShmWriter.class);

    private final ChannelId id;
    private final Path directory;
    private final ChannelHeader header;
    private final ShmSettings settings;
    private final MessageEncoder encoder = new MessageEncoder();
    private final ChannelQueue queue;
    private final ExcerptAppender appender;
    private final ReentrantLock lock = new ReentrantLock();
    private final SleeperBells sleepers;
    private final WriterSleep sleep;
    /** What a sleeping writer re-checks before it parks; fields, so that waiting allocates nothing. */
    private final BooleanSupplier readersStillBehind = () -> !this.closing && losslessReaderFull(this.next);
    private final BooleanSupplier ringStillFull = () -> !this.closing && floor(this.next) == this.ringFloorSeen;
    /** The floor the payload ring was last reclaimed to while waiting for room (under the lock). */
    private long ringFloorSeen;
    private @Nullable RingSpace ring;
    private long next;
    /** Every backpressure reader had room for each seq below this at the last scan (see losslessReaderFull). */
    private long roomUntil = Long.MIN_VALUE;
    /** The header's slot changes at that scan. */
    private int roomChanges;
    private int oldestCycle = 1;
    /** Set once the first message this writer appended was found at its expected queue index. */
    private boolean indexVerified;
    /** Set (under the lock) once released. */
    private boolean closed;
    /** Set before {@link #end} or {@link #release} takes the lock, so that a send waiting for readers stops waiting. */
    private volatile boolean closing;

    ShmWriter(ChannelId id, Path directory, ChannelHeader header, ShmSettings settings, Bells bells,
              Doorbell doorbell) {
        this.id = id;
        this.sleepers = new SleeperBells(header, bells);
        this.sleep = new WriterSleep(header, doorbell);
        this.directory = directory;
        this.header = header;
        this.settings = settings;
        this.next = header.committed();
        this.queue = ChannelQueue.open(ChannelFiles.queue(directory), header.cycleShift(), () -> next,
                new CycleFiles());
        this.appender = queue.chronicle().createAppender();
        this.appender.singleThreadedCheckDisabled(true); // confined by the lock instead, see the class comment
        publishOrphan();
    }

    /**
     * Takes over what a writer of this channel that was killed left behind (a restarted node), so that message
     * {@code seq} stays excerpt {@code seq} of the queue ({@link ChannelQueue#indexOf}):
     * <ul>
     *   <li>a <b>complete</b> excerpt at {@code committed}: the predecessor appended the whole message and died before
     *       it published {@code committed}. It is a whole message (its ring body, if any, is in the predecessor's
     *       ring, which stays), so it is published as sent; the new writer continues after it. Logged.</li>
     *   <li>an <b>incomplete</b> excerpt (killed while appending): not readable, so not published. At the first
     *       send Chronicle's appender finds the queue's write lock still held by the dead process: it waits up to the
     *       queue's timeout (Chronicle's default, 10 s), then takes the lock over because its holder is dead, logging
     *       a warning (were the holder alive, the send would fail instead); the half-written excerpt is not indexed,
     *       so the message takes its index. The first send of every writer checks that (see {@link #write}): if
     *       Chronicle had put the message anywhere else, the send fails naming the indexes rather than let readers
     *       read the wrong message. Either way the send does not wait forever.</li>
     * </ul>
     * Runs once, in the constructor, before this writer sends anything.
     */
    private void publishOrphan() {
        try (ExcerptTailer tailer = queue.chronicle().createTailer()) {
            while (tailer.moveToIndex(queue.indexOf(next))) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return; // incomplete: see above
                    }
                    long found = MessageDecoder.peekSeq(dc.wire().bytes());
                    if (found != next) {
                        throw new IllegalStateException("channel " + id + ": the queue holds message " + found
                                + " where message " + next + " belongs");
                    }
                }
                LOG.warn("channel {}: message {} was written completely by a writer that died before publishing it;"
                        + " publishing it now", id, next);
                header.setArrival(next, System.nanoTime());
                next++;
                header.publishCommitted(next);
                sleepers.ringSleepers();
            }
        }
    }

    @Override
    public void send(ValueVector data, Metadata metadata) throws InterruptedException {
        send(data, metadata.timestamp().nanos(), metadata.timestamp().counter(), metadata.parameters());
    }

    /** Encodes the stamp from its parts: a send without parameters allocates nothing. */
    @Override
    public void send(ValueVector data, long timestampNanos, int timestampCounter, Map<String, Object> parameters)
            throws InterruptedException {
        if (!(data instanceof FieldVector vector)) {
            throw new IllegalArgumentException("cannot send " + data.getClass().getName()
                    + ": jdora sends Arrow FieldVectors (every standard Arrow vector is one)");
        }
        lock.lockInterruptibly();
        try {
            checkOpen();
            append(vector, timestampNanos, timestampCounter, parameters);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lends room in the payload ring for a body of {@code length} bytes (see {@link RingSendBuffer}); below the
     * in-place threshold, a buffer of {@code allocator} that is copied inline on send, as small bodies are. Waits
     * while the ring has no room, as {@code send} does.
     *
     * @throws IllegalStateException if the room is held by a reservation not sent yet: waiting would never end
     */
    @Override
    public SendBuffer allocate(long length, BufferAllocator allocator) throws InterruptedException {
        if (length < settings.inPlaceThreshold() || length > Integer.MAX_VALUE) {
            // small: copied inline like any small body; negative or too big: the default refuses it
            return OutputWriter.super.allocate(length, allocator);
        }
        int rows = (int) length;
        lock.lockInterruptibly();
        try {
            checkOpen();
            RingSpace r = ring();
            long start = place(r, RingSpace.PENDING, RingSendBuffer.bodyLength(rows));
            try {
                return new RingSendBuffer(this, allocator, r.ring(), start, r.offsetOf(start), rows);
            } catch (RuntimeException e) {
                r.cancel(start);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Publishes a lent body as the next message (see {@link RingSendBuffer#send}). */
    void sendLent(RingSendBuffer lent, Metadata metadata) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            checkOpen();
            long seq = next;
            awaitLosslessReaders(seq);
            encoder.captureBytes(lent.rows());
            write(seq, metadata.timestamp().nanos(), metadata.timestamp().counter(), metadata.parameters(),
                    lent.ringOffset());
            ring().commit(lent.start(), seq); // after the write: if it failed, the reservation is still to cancel
        } finally {
            lock.unlock();
        }
    }

    /** Frees the room of a lent body that will not be sent; nothing to do once the writer is released. */
    void cancelLent(long start) {
        lock.lock(); // not interruptibly: room must not stay reserved
        try {
            RingSpace r = ring;
            if (!closed && r != null) {
                r.cancel(start);
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed || closing) {
            throw new ChannelClosedException("channel " + id + " is closed: its writer was closed");
        }
        int end = header.endState();
        if (end != ChannelHeader.OPEN) {
            throw new ChannelClosedException("channel " + id + " is closed: "
                    + (end == ChannelHeader.FAILED ? "it was ended as failed" : "it was ended"));
        }
    }

    /** Appends one message; the caller holds the lock. */
    private void append(FieldVector vector, long timestampNanos, int timestampCounter, Map<String, Object> parameters)
            throws InterruptedException {
        long seq = next;
        awaitLosslessReaders(seq);
        long bodyLength = encoder.capture(vector);
        long ringOffset = -1;
        if (bodyLength >= settings.inPlaceThreshold()) {
            RingSpace r = ring();
            ringOffset = r.offsetOf(place(r, seq, bodyLength));
            encoder.copyBody(r.ring().address(ringOffset));
        }
        write(seq, timestampNanos, timestampCounter, parameters, ringOffset);
    }

    /**
     * Appends the document of message {@code seq} (captured by the encoder; its body inline, or in the ring at
     * {@code ringOffset} if that is not negative) and publishes it; the caller holds the lock.
     */
    private void write(long seq, long timestampNanos, int timestampCounter, Map<String, Object> parameters,
                       long ringOffset) {
        long now = System.nanoTime();
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            encoder.writeDescriptor(out, seq, now, timestampNanos, timestampCounter, parameters);
            if (ringOffset < 0) {
                encoder.writeInlineBody(out);
            } else {
                encoder.writeRingReference(out, ring().ring().generation(), ringOffset);
            }
        }
        boolean firstOfCycle = (seq & (1L << header.cycleShift()) - 1) == 0;
        if (firstOfCycle || !indexVerified) {
            verifyIndex(seq); // before publishing: a new file, or what a killed predecessor left (see publishOrphan)
            indexVerified = true;
        }
        header.setArrival(seq, now);
        next = seq + 1;
        header.publishCommitted(next);
        sleepers.ringSleepers();
        if (firstOfCycle && seq > 0) {
            deletePassedCycles(floor(next));
        }
    }

    private void verifyIndex(long seq) {
        long index = appender.lastIndexAppended();
        if (index != queue.indexOf(seq)) {
            throw new IllegalStateException("channel " + id + ": message " + seq + " has queue index "
                    + Long.toHexString(index) + ", expected " + Long.toHexString(queue.indexOf(seq)));
        }
    }

    /**
     * Backpressure: waits until no live lossless reader is its queue size behind {@code seq}, the next message
     * ({@link #next}).
     */
    private void awaitLosslessReaders(long seq) throws InterruptedException {
        int idle = 0;
        while (losslessReaderFull(seq)) {
            idle = waitOnce(idle, "a backpressure reader to catch up", readersStillBehind);
        }
    }

    /**
     * One idle round while waiting for readers (see {@link WriterSleep}); gives up when the writer is being closed.
     *
     * @param stillBlocked whether the writer must still wait (false once it is closing), re-checked before it sleeps
     */
    private int waitOnce(int idle, String what, BooleanSupplier stillBlocked) throws InterruptedException {
        if (closing) {
            throw new ChannelClosedException("channel " + id + " is closed: its writer was closed while waiting for "
                    + what);
        }
        return sleep.idle(idle, stillBlocked);
    }

    /**
     * Whether some {@code backpressure} reader has no room for message {@code committed} (a restartable reader that
     * closed counts from where it closed, see {@link ChannelHeader#resumeFrom}). The answer of the last
     * scan of the slots is kept as the first sequence number some reader may lack room for, and trusted while no
     * slot has changed state since: positions only grow and queue sizes are fixed while a slot is counted, so a
     * writer with readers well ahead reads one header word per message instead of every slot. A reader that starts
     * to count (its state set, then the count raised) is seen by the next message's check at the latest: the same
     * one-message window a scan per message has, since a scan can also run just before the state changes.
     */
    private boolean losslessReaderFull(long committed) {
        int changes = header.slotChanges(); // before the scan: a change during it makes the next call scan again
        if (changes == roomChanges && committed < roomUntil) {
            return false;
        }
        long until = Long.MAX_VALUE;
        for (int i = 0, n = header.slotCount(); i < n; i++) {
            int state = header.slotState(i);
            long from = header.lossless(i) ? header.resumeFrom(i, state) : -1;
            if (from >= 0) {
                long limit = from + header.queueSize(i);
                if (committed >= limit) {
                    return true;
                }
                until = Math.min(until, limit);
            }
        }
        roomUntil = until;
        roomChanges = changes;
        return false;
    }

    private RingSpace ring() {
        RingSpace r = ring;
        if (r == null) {
            r = new RingSpace(id, directory, settings);
            ring = r;
        }
        return r;
    }

    /**
     * Places a body of {@code length} bytes for {@code seq} ({@link RingSpace#PENDING} for a lent buffer) and returns
     * its logical offset, waiting for readers to free room; the caller holds the lock.
     */
    private long place(RingSpace r, long seq, long length) throws InterruptedException {
        r.checkLimit(length);
        int idle = 0;
        while (true) {
            ringFloorSeen = floor(next);
            r.reclaim(ringFloorSeen);
            if (!r.fits(length)) {
                if (r.isEmpty()) {
                    r.grow(length);
                    continue;
                }
            } else {
                long start = r.tryAllocate(seq, length);
                if (start >= 0) {
                    return start;
                }
            }
            if (r.oldestIsPending()) {
                throw new IllegalStateException("node=" + id.nodeId() + " output=" + id.outputId() + ": no room in "
                        + "the payload ring for a body of " + length + " bytes while a buffer allocated on this output "
                        + "is neither sent nor closed (only its owner can free that room): send or close allocated "
                        + "buffers before allocating or sending more large messages");
            }
            idle = waitOnce(idle, "room in the payload ring", ringStillFull);
        }
    }

    /**
     * The lowest sequence any live reader may still read or hold, given {@code committed} messages: a lossless reader
     * needs everything from its position, a drop_oldest reader only its newest {@code queueSize}, a closed reader only
     * what it still holds — unless its node may be restarted and the daemon has not decided yet: then it counts as if
     * open where it closed ({@link ChannelHeader#resumeFrom}); a gone reader nothing. Publishes it as the header's floor, then re-reads what readers hold
     * (a reader claims a message, then checks the floor; the writer publishes the floor, then checks the claims: one
     * of the two sees the other), and returns the lower value: memory below it is free to reuse.
     */
    private long floor(long committed) {
        long floor = committed;
        int n = header.slotCount();
        for (int i = 0; i < n; i++) {
            int state = header.slotState(i);
            if (state == ChannelHeader.FREE || state == ChannelHeader.GONE) {
                continue;
            }
            floor = Math.min(floor, header.held(i));
            long position = header.resumeFrom(i, state);
            if (position < 0) {
                continue; // closed for good: only what it still holds counts
            }
            floor = Math.min(floor,
                    header.lossless(i) ? position : Math.max(position, committed - header.queueSize(i)));
        }
        if (floor > header.floor()) {
            header.publishFloor(floor);
        }
        for (int i = 0; i < n; i++) {
            int state = header.slotState(i);
            if (state != ChannelHeader.FREE && state != ChannelHeader.GONE) {
                floor = Math.min(floor, header.held(i));
            }
        }
        return floor;
    }

    /** Deletes the queue files whose messages are all below {@code floor} (never the file being written). */
    private void deletePassedCycles(long floor) {
        int current = queue.cycleOf(next - 1);
        int limit = Math.min(current, queue.cycleOf(floor));
        for (; oldestCycle < limit; oldestCycle++) {
            Path file = queue.fileOf(oldestCycle);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("channel {}: cannot delete passed queue file {}: {}", id, file, e.toString());
            }
        }
    }

    @Override
    public void close() {
        end(Optional.empty());
    }

    @Override
    public void fail(String error) {
        end(Optional.of(error));
    }

    private void end(Optional<String> error) {
        closing = true;
        sleep.wakeNow();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (header.end(error)) {
                sleepers.fenceAndRingSleepers();
            }
            releaseLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases this process's resources without ending the channel (the transport is closing). Idempotent; any
     * thread; waits for a send in progress, which stops waiting for readers.
     */
    void release() {
        closing = true;
        sleep.wakeNow();
        lock.lock();
        try {
            releaseLocked();
        } finally {
            lock.unlock();
        }
    }

    private void releaseLocked() {
        if (closed) {
            return;
        }
        closed = true;
        sleep.close();
        appender.close();
        queue.close();
        RingSpace r = ring;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public String toString() {
        return "shm writer of channel " + id;
    }

    /** Makes the queue's files private as they appear. */
    private final class CycleFiles implements StoreFileListener {
        @Override
        public void onAcquired(int cycle, File file) {
            // Chronicle calls this from its background releaser thread, possibly after the file was passed and
            // deleted; until then the file is protected by the channel's 0700 directory
            try {
                ChannelFiles.restrict(file.toPath(), ChannelFiles.FILE);
            } catch (java.nio.file.NoSuchFileException e) {
                // passed and deleted already
            } catch (IOException e) {
                LOG.warn("channel {}: cannot restrict {}: {}", id, file, e.toString());
            }
        }

        @Override
        public void onReleased(int cycle, File file) {
        }
    }
}
