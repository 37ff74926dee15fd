package dev.jdora.shm.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.core.OS;

/**
 * One mapping of a channel's payload ring file ({@code ring-<generation>}): a pre-sized file of shared memory that
 * the writer fills with large message bodies and reuses once readers are done with them (see {@link RingSpace}), and
 * that readers wrap as Arrow buffers without copying.
 *
 * <p><b>Ownership.</b> Reference counted: the opener holds one reference, each in-place Arrow buffer another; the
 * memory is unmapped when the last is released, so a reader's data stays valid after its reader or transport closed.
 * Thread-safe.
 */
final class PayloadRing {

    private final int generation;
    private final long size;
    private final long address;
    private final AtomicInteger references = new AtomicInteger(1);

    private PayloadRing(int generation, long size, long address) {
        this.generation = generation;
        this.size = size;
        this.address = address;
    }

    /** Creates {@code ring-<generation>} (0600) of {@code size} bytes and maps it (writer side). */
    static PayloadRing create(Path channelDirectory, int generation, long size) {
        Path file = ChannelFiles.ring(channelDirectory, generation);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ChannelFiles.FILE));
            ChannelFiles.restrict(file, ChannelFiles.FILE);
            return map(file, generation, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the payload ring " + file, e);
        }
    }

    /** Maps an existing ring (reader side). */
    static PayloadRing open(Path channelDirectory, int generation) {
        Path file = ChannelFiles.ring(channelDirectory, generation);
        try {
            return map(file, generation, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the payload ring " + file, e);
        }
    }

    private static PayloadRing map(Path file, int generation, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            if (raf.length() < size) {
                raf.setLength(size);
            }
            long address = OS.map(raf.getChannel(), FileChannel.MapMode.READ_WRITE, 0, size);
            return new PayloadRing(generation, size, address);
        }
    }

    static void delete(Path channelDirectory, int generation) {
        try {
            Files.deleteIfExists(ChannelFiles.ring(channelDirectory, generation));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete payload ring " + generation + " in " + channelDirectory, e);
        }
    }

    int generation() {
        return generation;
    }

    long size() {
        return size;
    }

    /** The mapped address of {@code offset}; valid while a reference is held. */
    long address(long offset) {
        return address + offset;
    }

    void retain() {
        if (references.getAndIncrement() <= 0) {
            references.decrementAndGet();
            throw new IllegalStateException("payload ring " + generation + " is already unmapped");
        }
    }

    void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            try {
                OS.unmap(address, size);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unmap payload ring " + generation, e);
            }
        } else if (left < 0) {
            throw new IllegalStateException("payload ring " + generation + " released once too often");
        }
    }
}
