package dev.jdora.shm;

import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Transport;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The writer in another JVM, started with the build's own JVM options. */
class ShmProcessTest {

    private static Process startWriter(ShmFixture f, long count, String end) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(Arrays.asList(System.getProperty("jdora.jvmOptions", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
                WriterProcess.class.getName(), f.runDirectory.toString(), String.valueOf(count), end));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void messagesFromAnotherProcessArriveInOrderWithComparableArrivalTimes() throws Exception {
        long count = 200_000;
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 100, QueuePolicy.BACKPRESSURE)));
            long beforeStart = System.nanoTime();
            Process writer = startWriter(f, count, "close");
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "a/in", new InputOptions(100, QueuePolicy.BACKPRESSURE),
                        () -> { });
                BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                        StandardCharsets.UTF_8));
                long childNanos = Long.parseLong(out.readLine().substring("nanoTime ".length()));
                // System.nanoTime() is CLOCK_MONOTONIC on Linux: one clock for every process of the machine
                assertThat(childNanos).isBetween(beforeStart, System.nanoTime());
                for (long i = 0; i < count; i++) {
                    long arrival = reader.oldestArrivalNanos();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (arrival == InputReader.NO_MESSAGE) {
                        assertThat(System.nanoTime() - deadline).as("message %d in time", i).isNegative();
                        arrival = reader.oldestArrivalNanos();
                    }
                    assertThat(arrival).isBetween(childNanos, System.nanoTime());
                    try (BigIntVector v = (BigIntVector) ShmFixture.take(reader, f.allocator)) {
                        assertThat(v.get(0)).isEqualTo(i);
                    }
                }
                assertThat(ShmFixture.next(reader, f.allocator, java.time.Duration.ofSeconds(20))).isNull();
                assertThat(reader.state()).isInstanceOf(InputReader.State.Ended.class);
                assertThat(writer.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(writer.exitValue()).isZero();
                reader.close();
            } finally {
                writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aKilledWritersChannelEndsForItsReadersWithin100Milliseconds() throws Exception {
        try (ShmFixture f = new ShmFixture()) {
            f.daemon.declare(CHANNEL, List.of(subscriber("a/in", 1000, QueuePolicy.BACKPRESSURE)));
            Process writer = startWriter(f, 500, "hang");
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "a/in", new InputOptions(1000, QueuePolicy.BACKPRESSURE),
                        () -> { });
                BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                        StandardCharsets.UTF_8));
                out.readLine();
                assertThat(out.readLine()).isEqualTo("sent");
                writer.destroyForcibly();
                assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long ended = System.nanoTime();
                f.daemon.endChannel(CHANNEL, Optional.of("node camera was killed (SIGKILL)"));
                for (long i = 0; i < 500; i++) {
                    try (BigIntVector v = (BigIntVector) ShmFixture.take(reader, f.allocator)) {
                        assertThat(v.get(0)).isEqualTo(i);
                    }
                }
                while (reader.state() instanceof InputReader.State.Open) {
                    assertThat(reader.poll(f.allocator)).isNull();
                }
                System.out.printf("end of a killed writer's channel -> reader failed: %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended));
                assertThat(reader.state()).isEqualTo(new InputReader.State.Failed("node camera was killed (SIGKILL)"));
                reader.close();
            } finally {
                writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
