package dev.jdora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.cluster.internal.UserToCoordinator;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A daemon that a coordinator no longer knows registers again, and stops what it ran for the old one first. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReRegistrationTest {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    @Test
    void aDaemonRegisteringWithANewCoordinatorStopsThePartsItRanForTheOldOne() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a")) {
            UserToCoordinator.RunView run = cluster.startEndless("a", "a");
            cluster.await(run.id(), v -> v.state().equals("running"));
            assertThat(a.runs()).containsExactly(run.id());

            cluster.restartCoordinator(); // well within the daemon's coordinator timeout: only the 404 tells it
            cluster.awaitMachine("a");

            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (!a.runs().isEmpty() && System.nanoTime() - deadline < 0) {
                TimeUnit.MILLISECONDS.sleep(20); // polling a condition, not waiting for time to pass
            }
            assertThat(a.runs()).as("the parts the old coordinator started").isEmpty();
        }
    }
}
