package dev.jdora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.cluster.internal.UserToCoordinator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator gone for good: after its coordinator timeout a daemon stops its nodes, and no node outlives it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CoordinatorLossTest {

    @TempDir
    Path dir;

    @Test
    void aDaemonWhoseCoordinatorIsGoneStopsItsNodes() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir);
             Daemon a = Daemon.start(new Daemon.Config("a", cluster.hostPort(), ClusterFixture.SECRET,
                     Optional.empty(), dir.resolve("out-a"), List.of(), Duration.ofSeconds(1)))) {
            UserToCoordinator.RunView run = cluster.startEndless("a", "a");
            cluster.await(run.id(), v -> v.state().equals("running"));
            List<ProcessHandle> nodes = ProcessHandle.current().descendants().toList();
            assertThat(nodes).as("the run's node processes").isNotEmpty();

            cluster.coordinator.close(); // and no coordinator comes back

            while (!a.runs().isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(20); // polling a condition; the test's timeout bounds it
            }
            for (ProcessHandle node : nodes) {
                node.onExit().join(); // every node of the part ends (the test's timeout bounds this)
            }
            assertThat(cluster.log("a", "checker")).contains("received ");
        }
    }
}
