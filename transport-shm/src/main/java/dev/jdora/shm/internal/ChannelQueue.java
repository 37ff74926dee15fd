package dev.jdora.shm.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * A channel's Chronicle queue, which rolls to a new file every {@code 2^cycleShift} messages rather than on the
 * clock: the queue's time source is derived from the message sequence, so message {@code seq} is always in cycle
 * {@code 1 + seq >> cycleShift} at position {@code seq & (2^cycleShift - 1)}, and any process can compute its
 * Chronicle index. That gives O(1) skips for {@code drop_oldest} readers and file-by-file retention with a bound that
 * does not depend on the message rate.
 *
 * <p><b>Threads.</b> The writer's instance is used by the writer's thread only; each reader has its own instance.
 */
final class ChannelQueue implements AutoCloseable {

    /** Only its index arithmetic and file naming matter: cycles are counted in messages, not hours. */
    static final RollCycle ROLL_CYCLE = RollCycles.FAST_HOURLY;

    private static final DateTimeFormatter FILE_NAME =
            DateTimeFormatter.ofPattern(ROLL_CYCLE.format()).withZone(ZoneOffset.UTC);

    private final SingleChronicleQueue queue;
    private final int cycleShift;
    private final long mask;

    private ChannelQueue(SingleChronicleQueue queue, int cycleShift) {
        this.queue = queue;
        this.cycleShift = cycleShift;
        this.mask = (1L << cycleShift) - 1;
    }

    /** Creates the queue's directory and metadata (daemon side, at declare); then closes it. */
    static void create(Path directory, int cycleShift) {
        ChannelFiles.createPrivateDirectories(directory);
        LongSupplier first = () -> 0;
        try (SingleChronicleQueue queue = builder(directory, cycleShift, first).build()) {
            queue.cycle(); // the builder already made the metadata file
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                ChannelFiles.restrict(file, ChannelFiles.FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the queue files in " + directory, e);
        }
    }

    /**
     * Opens the queue of a channel.
     *
     * @param currentSeq the sequence whose cycle the queue must consider current: for the writer the one it is about
     *                   to append, for a reader the last committed
     */
    static ChannelQueue open(Path directory, int cycleShift, LongSupplier currentSeq, StoreFileListener listener) {
        return new ChannelQueue(builder(directory, cycleShift, currentSeq).storeFileListener(listener).build(),
                cycleShift);
    }

    private static SingleChronicleQueueBuilder builder(Path directory, int cycleShift, LongSupplier currentSeq) {
        long cycleMillis = ROLL_CYCLE.lengthInMillis();
        TimeProvider time = () -> (1 + (currentSeq.getAsLong() >>> cycleShift)) * cycleMillis;
        return SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(ROLL_CYCLE)
                .timeProvider(time)
                .blockSize(4L << 20);
    }

    SingleChronicleQueue chronicle() {
        return queue;
    }

    int cycleOf(long seq) {
        return (int) (1 + (seq >>> cycleShift));
    }

    long indexOf(long seq) {
        return ROLL_CYCLE.toIndex(cycleOf(seq), seq & mask);
    }

    /** The first sequence of {@code cycle}. */
    long firstSeq(int cycle) {
        return (long) (cycle - 1) << cycleShift;
    }

    /** The file of {@code cycle} (which may not exist). */
    Path fileOf(int cycle) {
        String name = FILE_NAME.format(Instant.ofEpochMilli((long) cycle * ROLL_CYCLE.lengthInMillis()));
        return queue.file().toPath().resolve(name + SingleChronicleQueue.SUFFIX);
    }

    @Override
    public void close() {
        queue.close();
    }
}
