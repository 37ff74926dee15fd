package dev.jdora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.cluster.internal.UserToCoordinator;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drop_oldest} across machines drops on the receiving side, where the slow reader is, and is counted there; the
 * sending side (the forwarder) drops nothing. Each machine's part is a local run of its daemon, whose counters the
 * test reads as {@code jdora topic info} would.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DropOldestAcrossMachinesTest {

    private static final int COUNT = 20_000;

    @TempDir
    Path dir;

    @BeforeEach
    void ownRuntimeDirectory() throws Exception {
        ClusterFixture.ownRuntimeDirectory(dir);
    }

    @AfterEach
    void clear() {
        ClusterFixture.clearRuntimeDirectory();
    }

    @Test
    void aSlowDropOldestReaderOnAnotherMachineDropsThereCountedAndTheSenderDropsNothing() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a");
             Daemon b = cluster.daemon("b")) {
            Path release = dir.resolve("release");
            Path file = cluster.write("drop.yml", """
                    nodes:
                      - id: source
                        class: dev.jdora.cluster.ClusterTestNodes$Source
                        env: {COUNT: %d, RELEASE: %s}
                        outputs: [seq]
                        deploy: {machine: a}
                      - id: sink
                        class: dev.jdora.cluster.ClusterTestNodes$SlowCounter
                        env: {PAUSE_MICROS: 1000, LAST: %d, RELEASE: %s}
                        inputs: {in: {source: source/seq, queue_size: 10}}
                        deploy: {machine: b}
                    """.formatted(COUNT, release, COUNT - 1, release));

            UserToCoordinator.RunView run = cluster.start(file);
            while (!cluster.log("b", "sink").contains("received")) {
                TimeUnit.MILLISECONDS.sleep(20); // polling a condition, not waiting for time to pass
            }
            long received = Long.parseLong(cluster.log("b", "sink").replaceAll("(?s).*received (\\d+).*", "$1"));
            DataflowOperations ops = DataflowOperations.local();
            RunStatus.TopicStatus onA = topic(ops, run.id() + "@a");
            RunStatus.TopicStatus onB = topic(ops, run.id() + "@b");
            Files.createFile(release);
            cluster.await(run.id(), v -> v.state().equals("ended"));

            assertThat(onA.readers()).singleElement().satisfies(forwarder -> {
                assertThat(forwarder.policy()).isEqualTo("backpressure");
                assertThat(forwarder.dropped()).as("the sending side drops nothing").isZero();
            });
            assertThat(onB.readers()).singleElement().satisfies(sink -> {
                assertThat(sink.input()).isEqualTo("sink/in");
                assertThat(sink.dropped()).as("the slow reader's drops").isPositive();
                assertThat(received + sink.dropped()).as("every message received or counted as dropped")
                        .isEqualTo(COUNT);
            });
        }
    }

    private static RunStatus.TopicStatus topic(DataflowOperations ops, String part) {
        RunAddress address = ops.resolve(part);
        return ops.status(address).topic("source/seq").orElseThrow();
    }
}
