package dev.jdora.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Event;
import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Node;
import dev.jdora.core.OutputBuffer;
import dev.jdora.core.StopCause;
import dev.jdora.recording.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The replay source's ending. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayNodeTest {

    @TempDir
    Path dir;

    /** An output that sent nothing has no file: a pass over it sends nothing and waits for nothing. */
    @Test
    void loopingOverOutputsWithoutMessagesEndsInsteadOfSpinning() throws Exception {
        Path rec = Files.createDirectory(dir.resolve("rec"));
        Files.writeString(rec.resolve(Manifest.FILE), new Manifest(Manifest.FORMAT, "test", "/flow.yml", "nodes: []\n",
                "2026-01-01T12:00:00Z", null, false, true, List.of(new Manifest.Output("cam/image",
                        Columns.fileName("cam/image"), 0, 0))).toJson());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            StoppableNode node = new StoppableNode(allocator, Map.of(ReplayNode.DIR_ENV, rec.toString(),
                    ReplayNode.OUTPUTS_ENV, "image=cam/image", ReplayNode.SPEED_ENV, "0",
                    ReplayNode.LOOP_ENV, "true"));
            Thread replay = new Thread(() -> {
                try {
                    new ReplayNode().run(node);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "replay-under-test");
            replay.setDaemon(true);
            replay.start();
            try {
                node.stop();

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (replay.isAlive() && System.nanoTime() < deadline) {
                    replay.join(100);
                }

                assertThat(replay.isAlive()).as("a --loop replay of an output without messages still runs after Stop")
                        .isFalse();
                assertThat(failure.get()).isNull();
            } finally {
                node.unplug(); // a spinning replay fails its next pass and ends
                replay.join(TimeUnit.SECONDS.toMillis(20));
            }
        }
    }

    /** A node whose only event is a {@code Stop(MANUAL)} once {@link #stop()} was called; it sends nothing. */
    private static final class StoppableNode implements Node {
        private final BufferAllocator allocator;
        private final Map<String, String> env;
        private final AtomicBoolean stopRequested = new AtomicBoolean();
        private final AtomicBoolean unplugged = new AtomicBoolean();
        private volatile boolean ended;

        StoppableNode(BufferAllocator allocator, Map<String, String> env) {
            this.allocator = allocator;
            this.env = env;
        }

        void stop() {
            stopRequested.set(true);
        }

        void unplug() {
            unplugged.set(true);
        }

        @Override
        public Optional<Event> next(Duration timeout) {
            if (!ended && stopRequested.get()) {
                ended = true;
                return Optional.of(new Event.Stop(StopCause.MANUAL));
            }
            return Optional.empty();
        }

        @Override
        public Optional<Event> next() {
            return next(Duration.ZERO);
        }

        @Override
        public boolean isEndOfStream() {
            return ended;
        }

        @Override
        public BufferAllocator allocator() {
            if (unplugged.get()) {
                throw new IllegalStateException("the test is over");
            }
            return allocator;
        }

        @Override
        public Map<String, String> env() {
            return env;
        }

        @Override
        public String id() {
            return "cam";
        }

        @Override
        public List<String> args() {
            return List.of();
        }

        @Override
        public Set<String> inputIds() {
            return Set.of();
        }

        @Override
        public Set<String> outputIds() {
            return Set.of("image");
        }

        @Override
        public void send(String outputId, ValueVector data, Map<String, Object> parameters) {
            throw new AssertionError("nothing was recorded, nothing may be sent");
        }

        @Override
        public OutputBuffer allocate(String outputId, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterator<Event> iterator() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long droppedCount(String inputId) {
            return 0;
        }

        @Override
        public HybridLogicalClock clock() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stopAll() {
            stop();
        }

        @Override
        public void close() {
            ended = true;
        }
    }
}
