package dev.jdora.bench.jmh;

import dev.jdora.core.Data;
import dev.jdora.core.internal.InJvmTransport;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.Subscriber;
import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import dev.jdora.shm.ShmTransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.jspecify.annotations.Nullable;

/**
 * One transport of a benchmark trial: {@code injvm} (the reference, in this JVM) or {@code shm} (the daemon side of
 * the shared-memory transport, in a private run directory under {@code /dev/shm}, removed on {@link #close()}).
 */
final class BenchTransports implements AutoCloseable {

    final Transport transport;
    private final @Nullable Path runDirectory;

    BenchTransports(String name, BufferAllocator allocator) {
        switch (name) {
            case "injvm" -> {
                transport = new InJvmTransport(allocator);
                runDirectory = null;
            }
            case "shm" -> {
                runDirectory = newRunDirectory();
                transport = new ShmTransportProvider().create(
                        new TransportContext(allocator, Optional.of(runDirectory), Map.of()));
            }
            default -> throw new IllegalArgumentException("unknown transport " + name + " (injvm, shm)");
        }
    }

    /** Declares {@code channel} with one reader {@code subscriberId} (a no-op for injvm). */
    void declare(ChannelId channel, String subscriberId, InputOptions options) {
        transport.declare(channel, List.of(new Subscriber(subscriberId, options)));
    }

    /** A {@code uint8} vector of {@code size} bytes, as the latency harness sends. */
    /** Closes a benchmark's allocator, failing the trial if Arrow memory was left allocated. */
    static void closeChecked(BufferAllocator allocator) {
        long left = allocator.getAllocatedMemory();
        allocator.close();
        if (left != 0) {
            throw new IllegalStateException(left + " bytes of Arrow memory leaked");
        }
    }

    static UInt1Vector payload(BufferAllocator allocator, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) i;
        }
        return Data.bytes(allocator, bytes);
    }

    private static Path newRunDirectory() {
        try {
            Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                    : Path.of(System.getProperty("java.io.tmpdir"));
            return Files.createTempDirectory(base, "jdora-jmh-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        transport.close();
        if (runDirectory != null) {
            try (Stream<Path> walk = Files.walk(runDirectory)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
