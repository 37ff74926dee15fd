package dev.jdora.shm;

import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.core.Data.longs;
import static dev.jdora.shm.ShmFixture.metadata;
import static dev.jdora.shm.ShmFixture.next;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ShmTransportTest {

    private static final InputOptions LOSSLESS = new InputOptions(10, QueuePolicy.BACKPRESSURE);

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void deliversInOrderToThreeReadersThenTheEnd() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 10, QueuePolicy.BACKPRESSURE),
                    subscriber("b/in", 10, QueuePolicy.BACKPRESSURE), subscriber("c/in", 10, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                List<InputReader> readers = List.of(node.subscribe(CHANNEL, "a/in", LOSSLESS, () -> { }),
                        node.subscribe(CHANNEL, "b/in", LOSSLESS, () -> { }),
                        node.subscribe(CHANNEL, "c/in", LOSSLESS, () -> { }));
                int count = 1000;
                Thread producer = new Thread(() -> {
                    try (OutputWriter writer = node.createOutput(CHANNEL)) {
                        for (long i = 0; i < count; i++) {
                            try (BigIntVector v = longs(f.allocator, i, -i)) {
                                writer.send(v, metadata(i));
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "producer");
                producer.start();
                for (long i = 0; i < count; i++) {
                    for (InputReader reader : readers) {
                        Received r = next(reader, f.allocator, Duration.ofSeconds(10));
                        assertThat(r).isNotNull();
                        try (BigIntVector v = (BigIntVector) r.data()) {
                            assertThat(v.getValueCount()).isEqualTo(2);
                            assertThat(v.get(0)).isEqualTo(i);
                            assertThat(v.get(1)).isEqualTo(-i);
                            assertThat(r.metadata()).isEqualTo(metadata(i));
                        }
                    }
                }
                producer.join();
                java.nio.file.Path channel = f.runDirectory.resolve("shm/camera/image");
                assertThat(java.nio.file.Files.getPosixFilePermissions(channel))
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                assertThat(java.nio.file.Files.getPosixFilePermissions(channel.resolve("header")))
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                assertThat(java.nio.file.Files.getPosixFilePermissions(channel.resolve("queue/metadata.cq4t")))
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                for (InputReader reader : readers) {
                    assertThat(next(reader, f.allocator, Duration.ofSeconds(5))).isNull();
                    assertThat(reader.state()).isInstanceOf(InputReader.State.Ended.class);
                    assertThat(reader.droppedCount()).isZero();
                    reader.close();
                }
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void failureIsSeenAfterTheLastMessage() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 10, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "a/in", LOSSLESS, () -> { });
                OutputWriter writer = node.createOutput(CHANNEL);
                for (long i = 0; i < 3; i++) {
                    try (BigIntVector v = longs(f.allocator, i)) {
                        writer.send(v, metadata(i));
                    }
                }
                writer.fail("boom: " + "x".repeat(400));
                for (long i = 0; i < 3; i++) {
                    assertThat(reader.state()).isInstanceOf(InputReader.State.Open.class);
                    try (BigIntVector v = (BigIntVector) ShmFixture.take(reader, f.allocator)) {
                        assertThat(v.get(0)).isEqualTo(i);
                    }
                }
                assertThat(reader.poll(f.allocator)).isNull();
                assertThat(reader.state()).isInstanceOfSatisfying(InputReader.State.Failed.class,
                        failed -> assertThat(failed.error()).startsWith("boom: xxx").hasSizeLessThan(260));
                reader.close();
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theDaemonEndsTheChannelOfAWriterThatIsGone() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 10, QueuePolicy.DROP_OLDEST)));
            try (Transport node = f.attach(); Transport reading = f.attach()) {
                InputReader reader = reading.subscribe(CHANNEL, "a/in", new InputOptions(10, QueuePolicy.DROP_OLDEST),
                        () -> { });
                OutputWriter writer = node.createOutput(CHANNEL);
                try (BigIntVector v = longs(f.allocator, 42)) {
                    writer.send(v, metadata(0));
                }
                f.daemon.endChannel(CHANNEL, java.util.Optional.empty());
                try (BigIntVector v = (BigIntVector) ShmFixture.take(reader, f.allocator)) {
                    assertThat(v.get(0)).isEqualTo(42);
                }
                assertThat(reader.state()).isInstanceOf(InputReader.State.Ended.class);
                f.daemon.endChannel(CHANNEL, java.util.Optional.of("too late"));
                assertThat(reader.state()).isInstanceOf(InputReader.State.Ended.class);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                    try (BigIntVector v = longs(f.allocator, 1)) {
                        writer.send(v, metadata(1));
                    }
                }).isInstanceOf(IllegalStateException.class).hasMessageContaining("camera/image");
                reader.close();
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void dropOldestKeepsTheNewestAndCountsTheRest() throws Exception {
        try (ShmFixture f = new ShmFixture(java.util.Map.of("shm.messagesPerCycle", "16"))) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 5, QueuePolicy.DROP_OLDEST)));
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "a/in", new InputOptions(5, QueuePolicy.DROP_OLDEST),
                        () -> { });
                try (OutputWriter writer = node.createOutput(CHANNEL)) {
                    for (long i = 0; i < 1000; i++) {
                        try (BigIntVector v = longs(f.allocator, i)) {
                            writer.send(v, metadata(i)); // never waits for a drop_oldest reader
                        }
                    }
                }
                assertThat(reader.oldestArrivalNanos()).isNotEqualTo(InputReader.NO_MESSAGE);
                for (long i = 995; i < 1000; i++) {
                    try (BigIntVector v = (BigIntVector) ShmFixture.take(reader, f.allocator)) {
                        assertThat(v.get(0)).isEqualTo(i);
                    }
                }
                assertThat(reader.droppedCount()).isEqualTo(995);
                assertThat(next(reader, f.allocator, Duration.ofSeconds(5))).isNull();
                assertThat(reader.oldestArrivalNanos()).isEqualTo(InputReader.NO_MESSAGE);
                // passed queue files were deleted as the writer rolled (16 messages per file)
                try (var files = java.nio.file.Files.walk(f.runDirectory)) {
                    assertThat(files.filter(p -> p.toString().endsWith(".cq4")).map(p -> p.getFileName().toString()))
                            .hasSizeLessThanOrEqualTo(2);
                }
                reader.close();
            }
        }
    }
}
