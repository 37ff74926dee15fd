package dev.jdora.core.internal.stats;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The statistics of one node over its {@linkplain StatsLayout layout}: in a file of the run directory (created by the
 * daemon, {@linkplain #attach attached} by the node process, {@linkplain #readOnly read} by anyone) or in direct
 * memory for a run without a run directory.
 *
 * <p><b>Threads.</b> Reads ({@code getAcquire}) from any thread. Each counter has one writer at a time (see the
 * package documentation); {@link #input} and {@link #output} hand out the writers. Nothing blocks, nothing allocates
 * once opened. The mapping lives as long as this object is reachable (Java cannot unmap it earlier); the file itself
 * goes with the run directory.
 */
public final class NodeStats {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());

    /** Node states as stored. */
    public static final int CREATED = 0;
    public static final int RUNNING = 1;
    public static final int FINISHED = 2;
    public static final int FAILED = 3;

    private final ByteBuffer buffer;
    private final StatsDescription description;
    private final int counters;

    private NodeStats(ByteBuffer buffer, StatsDescription description) {
        this.buffer = buffer.order(ByteOrder.nativeOrder());
        this.description = description;
        this.counters = StatsLayout.countersOffset(description.encode().length);
    }

    /**
     * Creates the file of a node (mode 0600; fails if anything, a symbolic link included, is already there) and
     * writes its header.
     */
    public static NodeStats create(Path file, StatsDescription description) throws IOException {
        byte[] names = description.encode();
        int size = StatsLayout.size(names.length, description.inputs().size(), description.outputs().size());
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel channel = FileChannel.open(file, options,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer header = ByteBuffer.allocate(StatsLayout.countersOffset(names.length));
            writeHeader(header.order(ByteOrder.nativeOrder()), description, names);
            channel.write(header, 0); // absolute puts: the whole buffer is written
            channel.write(ByteBuffer.allocate(1), size - 1); // sized, the counters zero
            return new NodeStats(channel.map(FileChannel.MapMode.READ_WRITE, 0, size), description);
        }
    }

    /** Statistics in direct memory (a run without a run directory). */
    public static NodeStats inMemory(StatsDescription description) {
        byte[] names = description.encode();
        ByteBuffer buffer = ByteBuffer.allocateDirect(
                StatsLayout.size(names.length, description.inputs().size(), description.outputs().size()));
        writeHeader(buffer.order(ByteOrder.nativeOrder()), description, names);
        return new NodeStats(buffer, description);
    }

    /** Maps an existing file to write its counters (the node process). Never follows a symbolic link. */
    public static NodeStats attach(Path file) throws IOException {
        return open(file, FileChannel.MapMode.READ_WRITE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Maps an existing file to read it (another process). Never follows a symbolic link. */
    public static NodeStats readOnly(Path file) throws IOException {
        return open(file, FileChannel.MapMode.READ_ONLY, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    private static NodeStats open(Path file, FileChannel.MapMode mode, OpenOption... options) throws IOException {
        try (FileChannel channel = FileChannel.open(file, options)) {
            long size = channel.size();
            if (size < StatsLayout.NAMES_OFFSET || size > Integer.MAX_VALUE) {
                throw new IOException(file + ": not a jdora statistics file (size " + size + ")");
            }
            ByteBuffer buffer = channel.map(mode, 0, size).order(ByteOrder.nativeOrder());
            if (buffer.getLong(0) != StatsLayout.MAGIC || buffer.getInt(StatsLayout.VERSION_OFFSET)
                    != StatsLayout.VERSION) {
                throw new IOException(file + ": not a jdora statistics file of version " + StatsLayout.VERSION);
            }
            int namesLength = buffer.getInt(StatsLayout.NAMES_LENGTH_OFFSET);
            int inputs = buffer.getInt(StatsLayout.INPUTS_OFFSET);
            int outputs = buffer.getInt(StatsLayout.OUTPUTS_OFFSET);
            if (namesLength < 0 || inputs < 0 || outputs < 0
                    || (long) StatsLayout.size(namesLength, inputs, outputs) != size) {
                throw new IOException(file + ": a jdora statistics file with an inconsistent header");
            }
            byte[] names = new byte[namesLength];
            buffer.get(StatsLayout.NAMES_OFFSET, names);
            StatsDescription description;
            try {
                description = StatsDescription.decode(names);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            return new NodeStats(buffer, description);
        }
    }

    private static void writeHeader(ByteBuffer buffer, StatsDescription description, byte[] names) {
        buffer.putLong(0, StatsLayout.MAGIC);
        buffer.putInt(StatsLayout.VERSION_OFFSET, StatsLayout.VERSION);
        buffer.putInt(StatsLayout.INPUTS_OFFSET, description.inputs().size());
        buffer.putInt(StatsLayout.OUTPUTS_OFFSET, description.outputs().size());
        buffer.putInt(StatsLayout.NAMES_LENGTH_OFFSET, names.length);
        buffer.put(StatsLayout.NAMES_OFFSET, names);
    }

    public StatsDescription description() {
        return description;
    }

    /** The writer of input {@code index}'s counters; one thread at a time. */
    public InputRecorder input(int index) {
        return new InputRecorder(this, inputOffset(index));
    }

    /** The writer of output {@code index}'s counters; one thread at a time. */
    public OutputRecorder output(int index) {
        return new OutputRecorder(this, outputOffset(index));
    }

    int inputOffset(int index) {
        java.util.Objects.checkIndex(index, description.inputs().size());
        return counters + index * StatsLayout.INPUT_BLOCK;
    }

    int outputOffset(int index) {
        java.util.Objects.checkIndex(index, description.outputs().size());
        return counters + description.inputs().size() * StatsLayout.INPUT_BLOCK + index * StatsLayout.OUTPUT_BLOCK;
    }

    /** Sets the state and the pid of the process that runs the node. */
    public void setState(int state, long pid) {
        LONGS.setRelease(buffer, StatsLayout.PID_OFFSET, pid);
        LONGS.setRelease(buffer, StatsLayout.STATE_OFFSET, (long) state);
    }

    /** Sets the state, keeping the pid. */
    public void setState(int state) {
        LONGS.setRelease(buffer, StatsLayout.STATE_OFFSET, (long) state);
    }

    public int state() {
        return (int) get(StatsLayout.STATE_OFFSET);
    }

    public long pid() {
        return get(StatsLayout.PID_OFFSET);
    }

    public long received(int input) {
        return get(inputOffset(input) + StatsLayout.RECEIVED);
    }

    public long dropped(int input) {
        return get(inputOffset(input) + StatsLayout.DROPPED);
    }

    /** Sets input {@code input}'s drop count (the daemon, once the node has ended, from the transport's count). */
    public void setDropped(int input, long dropped) {
        set(inputOffset(input) + StatsLayout.DROPPED, dropped);
    }

    public long latencyTotalNanos(int input) {
        return get(inputOffset(input) + StatsLayout.LATENCY_SUM);
    }

    public long latencyMaxNanos(int input) {
        return get(inputOffset(input) + StatsLayout.LATENCY_MAX);
    }

    /** Copies input {@code input}'s latency histogram into {@code counts} ({@link StatsLayout#BUCKETS} long). */
    public void latencyBuckets(int input, long[] counts) {
        int base = inputOffset(input) + StatsLayout.FIRST_BUCKET;
        for (int b = 0; b < StatsLayout.BUCKETS; b++) {
            counts[b] = get(base + 8 * b);
        }
    }

    public long sent(int output) {
        return get(outputOffset(output) + StatsLayout.SENT);
    }

    public long bytes(int output) {
        return get(outputOffset(output) + StatsLayout.BYTES);
    }

    long get(int offset) {
        return (long) LONGS.getAcquire(buffer, offset);
    }

    void set(int offset, long value) {
        LONGS.setRelease(buffer, offset, value);
    }

    /** Adds to a counter of one writer: a plain load and an ordered store, no atomic read-modify-write. */
    void add(int offset, long delta) {
        LONGS.setRelease(buffer, offset, (long) LONGS.get(buffer, offset) + delta);
    }
}
