package dev.jdora.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.cluster.internal.CoordinatorClient;
import dev.jdora.cluster.internal.DaemonToCoordinator;
import dev.jdora.cluster.internal.UserToCoordinator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A coordinator and two daemons ("machines" a and b) in this JVM, over 127.0.0.1. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterRunTest {

    private static final Duration CALL = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aDataflowAcrossTwoMachinesCarriesEveryNumberInOrderBothWays() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a");
             Daemon b = cluster.daemon("b")) {
            Path file = cluster.write("across.yml", """
                    nodes:
                      - id: source
                        class: dev.jdora.cluster.ClusterTestNodes$Source
                        env: {COUNT: 20000}
                        outputs: [seq]
                        deploy: {machine: a}
                      - id: relay
                        class: dev.jdora.cluster.ClusterTestNodes$Relay
                        inputs: {in: {source: source/seq, queue_policy: backpressure, queue_size: 16}}
                        outputs: [seq]
                        deploy: {machine: b}
                      - id: checker
                        class: dev.jdora.cluster.ClusterTestNodes$Checker
                        inputs: {in: {source: relay/seq, queue_policy: backpressure, queue_size: 16}}
                        deploy: {machine: a}
                    """);

            UserToCoordinator.RunView started = cluster.start(file);
            UserToCoordinator.RunView ended = cluster.await(started.id(), v -> v.state().equals("ended"));

            assertThat(ended.nodes()).extracting(n -> n.id() + "@" + n.machine() + " " + n.state() + n.error())
                    .containsExactly("source@a finished", "relay@b finished", "checker@a finished");
            assertThat(cluster.log("a", "checker")).contains("received 20000 in order");
        }
    }

    @Test
    void aLogRequestTheDaemonCannotServeIsAnsweredAtOnceAndTheNextOnesStillAre() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a")) {
            Path file = cluster.write("one.yml", """
                    nodes:
                      - id: source
                        class: dev.jdora.cluster.ClusterTestNodes$Source
                        outputs: [seq]
                      - id: checker
                        class: dev.jdora.cluster.ClusterTestNodes$Checker
                        inputs: {in: {source: source/seq, queue_policy: backpressure}}
                    """);
            UserToCoordinator.RunView run = cluster.await(cluster.start(file).id(), v -> v.state().equals("ended"));
            String logs = "/v1/runs/" + run.id() + "/logs/checker?offset=";

            assertThatThrownBy(() -> cluster.client.get(logs + "-1", DaemonToCoordinator.LogChunk.class, CALL))
                    .isInstanceOfSatisfying(CoordinatorClient.RefusedException.class, e -> assertThat(e.status())
                            .isEqualTo(502))
                    .hasMessage("machine 'a' could not read the log of node 'checker': "
                            + "java.lang.IllegalArgumentException: offset -1 is negative");
            assertThatThrownBy(() -> cluster.client.get(logs + "x", DaemonToCoordinator.LogChunk.class, CALL))
                    .isInstanceOfSatisfying(CoordinatorClient.RefusedException.class, e -> assertThat(e.status())
                            .isEqualTo(400));
            byte[] log = cluster.client.get(logs + "0", DaemonToCoordinator.LogChunk.class, CALL).bytes();
            assertThat(new String(log, StandardCharsets.UTF_8)).contains("received 1000 in order");
            assertThat(cluster.client.get(logs + log.length, DaemonToCoordinator.LogChunk.class, CALL).bytes())
                    .as("nothing new").isEmpty();
        }
    }

    @Test
    void aDaemonWithoutTheSecretIsRefused() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir)) {
            assertThatThrownBy(() -> Daemon.start(cluster.daemonConfig("a", ClusterSecret.of("another-secret-0123"))))
                    .isInstanceOf(CoordinatorClient.RefusedException.class)
                    .hasMessageContaining("refused the cluster secret");
        }
    }

    @Test
    void aMachineNoDaemonRegisteredIsAUserErrorWithItsLocation() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a")) {
            Path file = cluster.write("nowhere.yml", """
                    nodes:
                      - id: source
                        class: dev.jdora.cluster.ClusterTestNodes$Source
                        outputs: [seq]
                        deploy: {machine: z}
                    """);

            assertThatThrownBy(() -> cluster.start(file)).isInstanceOf(CoordinatorClient.RefusedException.class)
                    .hasMessage(file + ":2:5: node 'source': deploy.machine: no daemon has registered machine 'z' "
                            + "(registered: a)");
        }
    }
}
