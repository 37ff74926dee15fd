package dev.jdora.shm.internal;

import dev.jdora.core.transport.ChannelId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The writer's bookkeeping of its payload ring: which message bodies occupy which bytes. A body is placed
 * contiguously (it never wraps; the tail of a lap is skipped instead) at a 64-byte boundary. Space is reclaimed in
 * sequence order once the channel's floor (every live reader has passed the message and released its data) is above
 * it. A body goes back to offset 0 whenever the space there is free, so a writer whose readers keep up touches only
 * about as many (warm) pages as its messages in flight, however big the ring.
 *
 * <p>Offsets are logical (ever increasing); the ring offset is {@code logical % size}.
 *
 * <p>A body may also be reserved before its message has a sequence number (a buffer lent for a zero-copy send): it
 * is marked {@link #PENDING} until {@linkplain #commit committed} with its sequence, or {@linkplain #cancel
 * cancelled} when given back unsent. Reclaiming stays in placement order, so an unsent reservation also keeps the
 * bodies placed after it (their sequence numbers need not increase along the ring any more; each is freed only once
 * its own sequence is below the floor).
 *
 * <p><b>Threads.</b> The writer's thread only. Allocates only when more bodies are live than ever before.
 */
final class RingSpace implements AutoCloseable {

    /** The sequence of a reserved body not sent yet: never below the floor. */
    static final long PENDING = Long.MAX_VALUE;
    /** The sequence of a reservation given back unsent: always below the floor. */
    private static final long CANCELLED = Long.MIN_VALUE;

    private final ChannelId channel;
    private final Path directory;
    private final long maxSize;
    private PayloadRing ring;
    private long cursor;
    private long[] seqs = new long[64];
    private long[] starts = new long[64];
    private int head;
    private int count;

    RingSpace(ChannelId channel, Path directory, ShmSettings settings) {
        this.channel = channel;
        this.directory = directory;
        this.maxSize = settings.maxRingBytes();
        // a restarted writer takes a generation of its own: readers may still read bodies in its predecessor's rings
        this.ring = PayloadRing.create(directory, nextGeneration(directory), settings.ringBytes());
    }

    /** One past the highest generation of a ring in the channel's directory (0 for a new channel). */
    private static int nextGeneration(Path directory) {
        String prefix = ChannelFiles.RING_PREFIX;
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith(prefix) && name.substring(prefix.length()).matches("[0-9]+"))
                    .mapToInt(name -> Integer.parseInt(name.substring(prefix.length()))).max().orElse(-1) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the payload rings in " + directory, e);
        }
    }

    PayloadRing ring() {
        return ring;
    }

    boolean fits(long length) {
        return aligned(length) <= ring.size();
    }

    private static long aligned(long length) {
        return (length + 63) & ~63L;
    }

    /**
     * Refuses, before anything is written, a body that no ring of this channel can ever hold: the send fails, the
     * channel goes on.
     *
     * @throws IllegalArgumentException naming the node, output, size, limit and how to raise it
     */
    void checkLimit(long length) {
        if (aligned(length) > maxSize) {
            throw new IllegalArgumentException("node=" + channel.nodeId() + " output=" + channel.outputId()
                    + ": a message body of " + length + " bytes is larger than the biggest payload of " + maxSize
                    + " bytes (transport setting " + ShmSettings.MAX_RING_BYTES_KEY + ", at most "
                    + ShmSettings.MAX_RING_BYTES + "): send it in smaller messages, or raise the limit with"
                    + " 'jdora run --transport-setting " + ShmSettings.MAX_RING_BYTES_KEY + "=<bytes>'");
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Frees the bodies of messages below {@code floor}. */
    void reclaim(long floor) {
        while (count > 0 && seqs[head] < floor) {
            head = (head + 1) & (seqs.length - 1);
            count--;
        }
    }

    /** Whether the oldest body in the ring is a reservation not sent yet (which only its owner can free). */
    boolean oldestIsPending() {
        return count > 0 && seqs[head] == PENDING;
    }

    /** The ring offset of a body placed at logical offset {@code start}. */
    long offsetOf(long start) {
        return start % ring.size();
    }

    /** Gives the reservation at {@code start} the sequence of the message that carries it. */
    void commit(long start, long seq) {
        seqs[indexOf(start)] = seq;
    }

    /** Frees the reservation at {@code start} (given back unsent) as soon as it is the oldest body. */
    void cancel(long start) {
        seqs[indexOf(start)] = CANCELLED;
    }

    private int indexOf(long start) {
        for (int i = 0; i < count; i++) {
            int at = (head + i) & (seqs.length - 1);
            if (starts[at] == start && seqs[at] == PENDING) {
                return at;
            }
        }
        throw new IllegalStateException("channel " + channel + ": no reservation at " + start + " in the payload ring");
    }

    /**
     * Places the body of {@code seq} ({@code length} bytes, at most the ring size; {@link #PENDING} for a
     * reservation) and returns its logical offset, or -1 if it does not fit before older bodies are reclaimed.
     */
    long tryAllocate(long seq, long length) {
        long size = ring.size();
        long need = (length + 63) & ~63L;
        long offset = cursor % size;
        long lapStart = offset == 0 ? cursor : cursor + size - offset;
        long tail = count == 0 ? lapStart : starts[head];
        long start;
        if (lapStart + need - tail <= size) {
            start = lapStart; // back to the front while there is room: the pages there are warm
        } else if (offset + need <= size && cursor + need - tail <= size) {
            start = cursor;
        } else {
            return -1;
        }
        push(seq, start);
        cursor = start + need;
        return start;
    }

    private void push(long seq, long start) {
        if (count == seqs.length) {
            long[] s = new long[count * 2];
            long[] p = new long[count * 2];
            for (int i = 0; i < count; i++) {
                s[i] = seqs[(head + i) & (count - 1)];
                p[i] = starts[(head + i) & (count - 1)];
            }
            seqs = s;
            starts = p;
            head = 0;
        }
        int at = (head + count) & (seqs.length - 1);
        seqs[at] = seq;
        starts[at] = start;
        count++;
    }

    /**
     * Replaces the (empty) ring by a bigger one, for a body that does not fit: the old file is deleted (readers that
     * still map it keep their mapping until they release it).
     */
    void grow(long length) {
        if (count != 0) {
            throw new IllegalStateException("ring still in use");
        }
        checkLimit(length);
        long size = Math.min(maxSize, Math.max(ring.size() * 2, Long.highestOneBit(aligned(length) - 1) << 1));
        int generation = ring.generation();
        ring.release();
        PayloadRing.delete(directory, generation);
        ring = PayloadRing.create(directory, generation + 1, size);
        cursor = 0;
    }

    @Override
    public void close() {
        ring.release();
    }
}
