package dev.jdora.shm.internal;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.Subscriber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The small file every process of a channel maps: the writer's progress, the channel's end, and one slot per
 * subscriber with that reader's progress. Created with all slots by the daemon ({@code declare}), so backpressure and
 * retention count readers that have not attached yet. Little-endian; each group that one party writes is on its own
 * 64-byte line.
 *
 * <pre>
 *  0      magic "JDSH" | version | slotCount | arrivalCount | cycleShift         (written once, at creation)
 *  64     committed: messages fully appended (seq &lt; committed is readable)    writer, volatile
 *  72     writerAsleep: 1 while the writer waits for readers, else 0           writer sets, reader CAS 1 -&gt; 0
 *  80     writerBell: id of the doorbell that wakes the writer                 writer, at creation
 *  128    floor: no reader may start reading seq &lt; floor (space below reused) writer, volatile
 *  192    endState (OPEN, CLOSING, ENDED, FAILED) | errorLength | error UTF-8   writer or daemon, CAS then release
 *  448    slotChanges: counts every change of a slot's state, so that the     anyone changing a state, atomic add
 *         writer knows when the room it cached for its readers may be wrong
 *  512    arrival[arrivalCount]: System.nanoTime() of the send of seq, at       writer, before committed
 *         arrival[seq % arrivalCount]
 *  S+256i slot i:
 *         +0   state (FREE, DECLARED, ATTACHED, CLOSED, GONE) | policy | queueSize | idLength | flags
 *              (RESTARTABLE: the node may be restarted and resume here; written at declare)
 *         +64  position: next seq to read                                      reader, release
 *         +72  dropped: messages skipped by drop_oldest                        reader
 *         +80  held: lowest seq whose data the reader holds or is reading;     reader, volatile
 *              Long.MAX_VALUE when none
 *         +88  asleep: 1 while the reader waits for a ring, else 0              reader sets, writer CAS 1 -&gt; 0
 *         +96  bell: id of the doorbell that wakes the reader (see Doorbell)   reader, before its first asleep
 *         +104 unfinished: the seq the reader lent last and the node has not   reader, release
 *              finished yet (asked for its next event); Long.MAX_VALUE if none
 *         +112 closedAt: the position when the reader closed, before it        reader at close, daemon resets
 *              skipped what it had not read; Long.MAX_VALUE while open. A
 *              RESTARTABLE slot holds the writer there while CLOSED (see
 *              resumeFrom) until the daemon declares the reader gone or
 *              prepares its resume
 *         +128 id UTF-8 (node/input)
 * </pre>
 *
 * <p><b>Threads.</b> Every accessor is a single atomic access with the ordering named above; the class itself holds
 * no state besides the mapping. The mapping lives until the object is garbage collected (the file is small).
 */
public final class ChannelHeader {

    static final int MAGIC = 0x4853444a;
    static final int VERSION = 4;
    static final int ARRIVALS = 4096;
    static final int SPARE_SLOTS = 8;
    static final int MAX_ID_BYTES = 128;
    static final int MAX_ERROR_BYTES = 248;

    static final int OPEN = 0;
    static final int CLOSING = 1;
    static final int ENDED = 2;
    static final int FAILED = 3;

    static final int FREE = 0;
    static final int DECLARED = 1;
    static final int ATTACHED = 2;
    static final int CLOSED = 3;
    static final int GONE = 4;
    static final int CLAIMING = 5;

    /** Subscriber ids of readers that come and go (taps); see {@link #claimSpareSlot}. */
    static final String TRANSIENT_PREFIX = "~";

    static final int DROP_OLDEST = 0;
    static final int BACKPRESSURE = 1;

    /** Slot flag: the subscriber's node has a restart policy, so a closed reader may come back and resume. */
    static final int RESTARTABLE = 1;

    private static final int COMMITTED = 64;
    private static final int WRITER_ASLEEP = 72;
    private static final int WRITER_BELL = 80;
    private static final int FLOOR = 128;
    private static final int END_STATE = 192;
    private static final int ERROR_LENGTH = 196;
    private static final int ERROR = 200;
    private static final int SLOT_CHANGES = 448;
    private static final int ARRIVAL = 512;
    private static final int SLOTS = ARRIVAL + ARRIVALS * 8;
    private static final int SLOT_SIZE = 256;
    private static final int S_STATE = 0;
    private static final int S_POLICY = 4;
    private static final int S_QUEUE_SIZE = 8;
    private static final int S_ID_LENGTH = 12;
    private static final int S_FLAGS = 16;
    private static final int S_POSITION = 64;
    private static final int S_DROPPED = 72;
    private static final int S_HELD = 80;
    private static final int S_ASLEEP = 88;
    private static final int S_BELL = 96;
    private static final int S_UNFINISHED = 104;
    private static final int S_CLOSED_AT = 112;
    private static final int S_ID = 128;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final Set<StandardOpenOption> CREATE_NEW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);

    private final MappedByteBuffer buffer;
    private final int slotCount;

    private ChannelHeader(MappedByteBuffer buffer) {
        this.buffer = buffer;
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt(0) != MAGIC || buffer.getInt(4) != VERSION || buffer.getInt(12) != ARRIVALS) {
            throw new IllegalStateException("not a jdora channel header (or another version)");
        }
        this.slotCount = buffer.getInt(8);
    }

    /** Creates the header of a new channel with one slot per subscriber (plus spare slots for late subscribers). */
    static ChannelHeader create(Path file, List<Subscriber> subscribers, int messagesPerCycle) {
        int slots = subscribers.size() + SPARE_SLOTS;
        long size = SLOTS + (long) slots * SLOT_SIZE;
        try (FileChannel channel = FileChannel.open(file, CREATE_NEW,
                PosixFilePermissions.asFileAttribute(ChannelFiles.FILE))) {
            ChannelFiles.restrict(file, ChannelFiles.FILE);
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(4, VERSION).putInt(8, slots).putInt(12, ARRIVALS)
                    .putInt(16, Integer.numberOfTrailingZeros(messagesPerCycle));
            for (int i = 0; i < subscribers.size(); i++) {
                Subscriber s = subscribers.get(i);
                writeSlot(buffer, i, s.subscriberId(), s.options(), 0);
                buffer.putInt(slotOffset(i) + S_FLAGS, s.restartable() ? RESTARTABLE : 0);
                INTS.setRelease(buffer, slotOffset(i) + S_STATE, DECLARED);
            }
            INTS.setRelease(buffer, 0, MAGIC);
            buffer.force();
            return new ChannelHeader(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** Maps the header of a declared channel. */
    static ChannelHeader open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new ChannelHeader(channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " (was the channel declared?)", e);
        }
    }

    private static void writeSlot(MappedByteBuffer buffer, int slot, String id, InputOptions options, long position) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("subscriber id longer than " + MAX_ID_BYTES + " bytes: " + id);
        }
        int base = slotOffset(slot);
        buffer.putInt(base + S_POLICY, options.queuePolicy() == QueuePolicy.BACKPRESSURE ? BACKPRESSURE : DROP_OLDEST);
        buffer.putInt(base + S_QUEUE_SIZE, options.queueSize());
        buffer.putInt(base + S_ID_LENGTH, bytes.length);
        buffer.putInt(base + S_FLAGS, 0);
        buffer.put(base + S_ID, bytes);
        buffer.putLong(base + S_DROPPED, 0);
        buffer.putInt(base + S_ASLEEP, 0);
        buffer.putLong(base + S_BELL, 0);
        buffer.putLong(base + S_UNFINISHED, Long.MAX_VALUE);
        buffer.putLong(base + S_CLOSED_AT, Long.MAX_VALUE);
        LONGS.setVolatile(buffer, base + S_HELD, Long.MAX_VALUE);
        LONGS.setVolatile(buffer, base + S_POSITION, position);
    }

    private static int slotOffset(int slot) {
        return SLOTS + slot * SLOT_SIZE;
    }

    // ---- writer progress

    long committed() {
        return (long) LONGS.getAcquire(buffer, COMMITTED);
    }

    /**
     * Publishes the writer's progress with a full fence: the writer then reads the readers' {@code asleep} flags, and
     * a reader sets its flag before it reads {@code committed}, so at least one of the two sees the other (a message
     * is never left unrung behind a sleeping reader).
     */
    void publishCommitted(long committed) {
        LONGS.setVolatile(buffer, COMMITTED, committed);
    }

    /** True while the writer waits for readers (room in a backpressure queue or in the payload ring). */
    boolean writerAsleep() {
        return (int) INTS.getVolatile(buffer, WRITER_ASLEEP) != 0;
    }

    void setWriterAsleep(boolean asleep) {
        INTS.setVolatile(buffer, WRITER_ASLEEP, asleep ? 1 : 0);
    }

    /** Takes the writer's asleep flag: true for exactly one caller per time the writer fell asleep. */
    boolean wakeWriterOnce() {
        return INTS.compareAndSet(buffer, WRITER_ASLEEP, 1, 0);
    }

    long writerBell() {
        return (long) LONGS.getVolatile(buffer, WRITER_BELL);
    }

    void setWriterBell(long bell) {
        LONGS.setVolatile(buffer, WRITER_BELL, bell);
    }

    long floor() {
        return (long) LONGS.getVolatile(buffer, FLOOR);
    }

    void publishFloor(long floor) {
        LONGS.setVolatile(buffer, FLOOR, floor);
    }

    long arrival(long seq) {
        return (long) LONGS.getAcquire(buffer, ARRIVAL + (int) (seq & (ARRIVALS - 1)) * 8);
    }

    void setArrival(long seq, long nanos) {
        LONGS.setRelease(buffer, ARRIVAL + (int) (seq & (ARRIVALS - 1)) * 8, nanos);
    }

    // ---- channel end

    int endState() {
        return (int) INTS.getAcquire(buffer, END_STATE);
    }

    /** Ends the channel once: false if it had ended (or is ending) already. */
    boolean end(Optional<String> error) {
        if (!INTS.compareAndSet(buffer, END_STATE, OPEN, CLOSING)) {
            return false;
        }
        byte[] bytes = error.map(e -> truncate(e.getBytes(StandardCharsets.UTF_8))).orElse(new byte[0]);
        buffer.put(ERROR, bytes);
        buffer.putInt(ERROR_LENGTH, bytes.length);
        INTS.setRelease(buffer, END_STATE, error.isPresent() ? FAILED : ENDED);
        return true;
    }

    /**
     * Ends the channel on behalf of a writer known to be dead (daemon only): as {@link #end}, and also completes an
     * end the writer began ({@code CLOSING}) but did not finish because it was killed in between.
     */
    boolean endForDeadWriter(Optional<String> error) {
        if (end(error)) {
            return true;
        }
        if (!INTS.compareAndSet(buffer, END_STATE, CLOSING, CLOSING)) {
            return false;
        }
        String text = error.orElse("the writer died while closing the channel");
        byte[] bytes = truncate(text.getBytes(StandardCharsets.UTF_8));
        buffer.put(ERROR, bytes);
        buffer.putInt(ERROR_LENGTH, bytes.length);
        INTS.setRelease(buffer, END_STATE, FAILED);
        return true;
    }

    private static byte[] truncate(byte[] bytes) {
        if (bytes.length <= MAX_ERROR_BYTES) {
            return bytes;
        }
        int end = MAX_ERROR_BYTES;
        while (end > 0 && (bytes[end] & 0xc0) == 0x80) {
            end--; // do not cut a UTF-8 sequence
        }
        return Arrays.copyOf(bytes, end);
    }

    /** The failure text; read only after {@link #endState()} returned {@code FAILED}. */
    String error() {
        byte[] bytes = new byte[buffer.getInt(ERROR_LENGTH)];
        buffer.get(ERROR, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    // ---- slots

    /** log2 of the messages per queue file, fixed by the daemon so every process agrees on the file of a seq. */
    int cycleShift() {
        return buffer.getInt(16);
    }

    int slotCount() {
        return slotCount;
    }

    int slotState(int slot) {
        return (int) INTS.getVolatile(buffer, slotOffset(slot) + S_STATE);
    }

    boolean casSlotState(int slot, int expected, int state) {
        if (INTS.compareAndSet(buffer, slotOffset(slot) + S_STATE, expected, state)) {
            INTS.getAndAdd(buffer, SLOT_CHANGES, 1);
            return true;
        }
        return false;
    }

    void setSlotState(int slot, int state) {
        INTS.setVolatile(buffer, slotOffset(slot) + S_STATE, state);
        INTS.getAndAdd(buffer, SLOT_CHANGES, 1);
    }

    /**
     * How many times any slot's state has changed (after the change is visible): a reader that starts to count for
     * backpressure, or stops, changes it. Volatile read.
     */
    int slotChanges() {
        return (int) INTS.getVolatile(buffer, SLOT_CHANGES);
    }

    boolean lossless(int slot) {
        return buffer.getInt(slotOffset(slot) + S_POLICY) == BACKPRESSURE;
    }

    /** Whether the slot's node may be restarted and resume reading here (fixed at declare). */
    boolean restartable(int slot) {
        return (buffer.getInt(slotOffset(slot) + S_FLAGS) & RESTARTABLE) != 0;
    }

    /**
     * Where the writer must keep messages for the reader of {@code slot}, whose state is {@code state}: its position
     * while it is counted ({@code DECLARED}, {@code ATTACHED}); for a {@link #RESTARTABLE} slot that is
     * {@code CLOSED}, where it closed ({@code closedAt}): its process may still die and be restarted, and the
     * daemon has not decided yet ({@link #prepareResume} or gone), so what it had not read must stay. Otherwise
     * {@code -1}: the slot holds nothing back (besides what it holds, {@link #held}).
     */
    long resumeFrom(int slot, int state) {
        if (state == DECLARED || state == ATTACHED) {
            return position(slot);
        }
        if (state == CLOSED && restartable(slot)) {
            long closed = closedAt(slot);
            return closed == Long.MAX_VALUE ? position(slot) : closed;
        }
        return -1;
    }

    int queueSize(int slot) {
        return buffer.getInt(slotOffset(slot) + S_QUEUE_SIZE);
    }

    String slotId(int slot) {
        int base = slotOffset(slot);
        byte[] bytes = new byte[buffer.getInt(base + S_ID_LENGTH)];
        buffer.get(base + S_ID, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    long position(int slot) {
        return (long) LONGS.getAcquire(buffer, slotOffset(slot) + S_POSITION);
    }

    /** Volatile: the reader reads the writer's asleep flag next, and the writer sets it before it reads this. */
    void setPosition(int slot, long position) {
        LONGS.setVolatile(buffer, slotOffset(slot) + S_POSITION, position);
    }

    long dropped(int slot) {
        return (long) LONGS.getAcquire(buffer, slotOffset(slot) + S_DROPPED);
    }

    void setDropped(int slot, long dropped) {
        LONGS.setRelease(buffer, slotOffset(slot) + S_DROPPED, dropped);
    }

    long held(int slot) {
        return (long) LONGS.getVolatile(buffer, slotOffset(slot) + S_HELD);
    }

    void setHeld(int slot, long held) {
        LONGS.setVolatile(buffer, slotOffset(slot) + S_HELD, held);
    }

    /** True while the reader of {@code slot} waits for a ring of its doorbell. */
    boolean asleep(int slot) {
        return (int) INTS.getVolatile(buffer, slotOffset(slot) + S_ASLEEP) != 0;
    }

    /** The reader of {@code slot} is going to wait (volatile: it reads {@code committed} next). */
    void setAsleep(int slot, boolean asleep) {
        INTS.setVolatile(buffer, slotOffset(slot) + S_ASLEEP, asleep ? 1 : 0);
    }

    /** Takes the reader's asleep flag: true for exactly one caller per time the reader fell asleep. */
    boolean wakeOnce(int slot) {
        return INTS.compareAndSet(buffer, slotOffset(slot) + S_ASLEEP, 1, 0);
    }

    long bell(int slot) {
        return (long) LONGS.getVolatile(buffer, slotOffset(slot) + S_BELL);
    }

    void setBell(int slot, long bell) {
        LONGS.setVolatile(buffer, slotOffset(slot) + S_BELL, bell);
    }

    long unfinished(int slot) {
        return (long) LONGS.getAcquire(buffer, slotOffset(slot) + S_UNFINISHED);
    }

    void setUnfinished(int slot, long seq) {
        LONGS.setRelease(buffer, slotOffset(slot) + S_UNFINISHED, seq);
    }

    long closedAt(int slot) {
        return (long) LONGS.getAcquire(buffer, slotOffset(slot) + S_CLOSED_AT);
    }

    void setClosedAt(int slot, long position) {
        LONGS.setRelease(buffer, slotOffset(slot) + S_CLOSED_AT, position);
    }

    /**
     * Makes the slot of a reader whose process died ready for its restarted process (daemon only): it resumes at the
     * message the dead reader had not finished, or else where it had read to (before a close skipped the rest, which
     * is then no longer counted as dropped); the writer counts the slot again ({@code DECLARED}), and what the dead
     * reader held is let go. False if the slot cannot be resumed (free, or being claimed).
     */
    boolean prepareResume(int slot) {
        int state = slotState(slot);
        if (state != ATTACHED && state != CLOSED && state != DECLARED && state != GONE) {
            return false;
        }
        long position = position(slot);
        long closed = closedAt(slot);
        if (closed < position) {
            setDropped(slot, Math.max(0, dropped(slot) - (position - closed)));
            position = closed;
        }
        long unfinished = unfinished(slot);
        if (unfinished < position) {
            position = unfinished;
        }
        // closedAt is cleared last: until the state is DECLARED, a writer holds a closed slot at closedAt, which is
        // at or below the position set here
        setHeld(slot, unfinished < Long.MAX_VALUE ? unfinished : Long.MAX_VALUE);
        setPosition(slot, position);
        setAsleep(slot, false);
        setSlotState(slot, DECLARED);
        setClosedAt(slot, Long.MAX_VALUE);
        return true;
    }

    /** The declared slot of {@code id}, or -1. */
    int findSlot(String id) {
        for (int i = 0; i < slotCount; i++) {
            int state = slotState(i);
            if (state != FREE && state != CLAIMING && slotId(i).equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Takes a spare slot for a subscriber that was not declared; it starts at {@code position}, or above it if the
     * writer reused that memory meanwhile (see below). Returns -1 if none is left. A slot whose transient subscriber
     * (an id starting with {@value #TRANSIENT_PREFIX}, such as a tap of {@code jdora topic echo} or an attached
     * recorder; no node input is named so) is gone is taken again, so that taps coming and going never use up the
     * spare slots.
     *
     * <p>A writer computing its floor while the slot was still free may reuse memory above {@code position}; a late
     * {@code backpressure} reader must never find its next message reclaimed. So the slot holds its start as a claim
     * ({@code held}) while it settles, as a reader claims a message before it reads: the writer publishes its floor
     * before it re-reads the claims, the slot publishes its claim before it reads the floor, so one sees the other.
     * While the published floor is above the start, the start moves up to it; those messages were committed while the
     * slot was being claimed. From the settled start on, the slot misses nothing.
     */
    int claimSpareSlot(String id, InputOptions options, long position) {
        for (int i = 0; i < slotCount; i++) {
            int state = slotState(i);
            if ((state == FREE || state == GONE && slotId(i).startsWith(TRANSIENT_PREFIX))
                    && casSlotState(i, state, CLAIMING)) {
                writeSlot(buffer, i, id, options, position);
                setHeld(i, position);
                setSlotState(i, ATTACHED);
                for (long floor = floor(); floor > position(i); floor = floor()) {
                    setHeld(i, floor);
                    setPosition(i, floor);
                }
                setHeld(i, Long.MAX_VALUE);
                return i;
            }
        }
        return -1;
    }
}
