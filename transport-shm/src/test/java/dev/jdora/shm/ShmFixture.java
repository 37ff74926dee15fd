package dev.jdora.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Subscriber;
import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import dev.jdora.shm.internal.ChannelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jspecify.annotations.Nullable;

/** A run directory (under /dev/shm when present), an allocator, and the daemon's transport; checks leaks on close. */
final class ShmFixture implements AutoCloseable {

    static final ChannelId CHANNEL = new ChannelId("camera", "image");

    final Path runDirectory;
    final BufferAllocator allocator = new RootAllocator();
    final Transport daemon;
    final Map<String, String> settings;

    ShmFixture() {
        this(Map.of());
    }

    ShmFixture(Map<String, String> settings) {
        this.settings = settings;
        try {
            Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(
                    System.getProperty("java.io.tmpdir"));
            runDirectory = Files.createTempDirectory(base, "jdora-shm-test-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon = new ShmTransportProvider().create(context());
    }

    TransportContext context() {
        return new TransportContext(allocator, Optional.of(runDirectory), settings);
    }

    /** A node process's view of the same run (in this JVM). */
    Transport attach() {
        return new ShmTransportProvider().attach(context());
    }

    static Subscriber subscriber(String id, int queueSize, QueuePolicy policy) {
        return new Subscriber(id, new InputOptions(queueSize, policy));
    }

    static Metadata metadata(long seq) {
        return new Metadata(new Timestamp(1_000_000L + seq, (int) (seq % 7)), Map.of("seq", seq));
    }

    /** Polls until a message arrives or the reader ends; null at the end. */
    static @Nullable Received next(InputReader reader, BufferAllocator allocator, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Received r = reader.poll(allocator);
            if (r != null) {
                return r;
            }
            if (!(reader.state() instanceof InputReader.State.Open)) {
                return null;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message within " + timeout);
    }

    /** The data of the next message (which must come within 10 s), taken over from the reader; the caller closes it. */
    static org.apache.arrow.vector.ValueVector take(InputReader reader, BufferAllocator allocator) {
        Received r = next(reader, allocator, Duration.ofSeconds(10));
        assertThat(r).as("a message").isNotNull();
        return r.takeData();
    }

    /** Disk (here: memory) used by the files under {@code directory}, as {@code du} counts it: allocated blocks. */
    static long directorySize(Path directory) {
        try {
            Process du = new ProcessBuilder("du", "-sk", directory.toString()).redirectErrorStream(true).start();
            String out = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            du.waitFor();
            return Long.parseLong(out.trim().split("\\s+")[0]) * 1024;
        } catch (IOException | NumberFormatException e) {
            return 0; // files vanish while du walks: retention at work
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        daemon.close();
        try (Stream<Path> left = Files.list(runDirectory)) {
            assertThat(left).as("files left in the run directory").isEmpty();
        }
        Files.delete(runDirectory);
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory outstanding").isZero();
        allocator.close();
        assertThat(ChannelFiles.root(runDirectory)).doesNotExist();
    }
}
