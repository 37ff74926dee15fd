package dev.jdora.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import dev.jdora.testkit.transport.TransportCompatibilityKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/** The shared-memory transport passes the same compatibility kit as the in-JVM reference transport. */
class ShmTransportCompatibilityTest extends TransportCompatibilityKit {

    private @Nullable Path runDirectory;

    @Override
    protected Transport newTransport(BufferAllocator allocator) {
        try {
            Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                    : Path.of(System.getProperty("java.io.tmpdir"));
            runDirectory = Files.createTempDirectory(base, "jdora-shm-kit-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ShmTransportProvider().create(new TransportContext(allocator, Optional.of(runDirectory),
                Map.of()));
    }

    /** The daemon's transport deleted every channel file when it closed. */
    @Override
    protected void afterEachTransport() {
        Path dir = runDirectory;
        if (dir == null) {
            return;
        }
        try (Stream<Path> left = Files.walk(dir)) {
            assertThat(left.filter(p -> !p.equals(dir)).toList()).as("files left in the run directory").isEmpty();
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
