package dev.jdora.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.cluster.internal.CoordinatorTap;
import dev.jdora.cluster.internal.CoordinatorToDaemon;
import dev.jdora.cluster.internal.DaemonToCoordinator;
import dev.jdora.cluster.internal.UserToCoordinator;
import dev.jdora.core.Data;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunProbe;
import dev.jdora.runtime.ops.RunSnapshot;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.ops.Tap;
import dev.jdora.runtime.stats.NodeStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdora top} and {@code jdora topic list/echo/hz} through a coordinator ({@link CoordinatorOperations}): a
 * coordinator and two daemons ("machines" a and b) in this JVM over 127.0.0.1, a source on a and a relay on b.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CoordinatorTopAndTapTest {

    private static final String FLOW = """
            nodes:
              - id: source
                class: dev.jdora.cluster.ClusterTestNodes$Endless
                outputs: [seq]
                deploy: {machine: a}
              - id: relay
                class: dev.jdora.cluster.ClusterTestNodes$Relay
                inputs: {in: source/seq}
                outputs: [seq]
                deploy: {machine: b}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void ownRuntimeDirectory() throws Exception {
        ClusterFixture.ownRuntimeDirectory(dir);
    }

    @AfterEach
    void nothingLeft() throws InterruptedException {
        ClusterFixture.clearRuntimeDirectory();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // lifecycle methods have no @Timeout
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) || tapThreads()) {
            assertThat(System.nanoTime() - deadline).as("no node process or tap thread left").isNegative();
            TimeUnit.MILLISECONDS.sleep(20); // polling a condition, not waiting for time to pass
        }
    }

    private static boolean tapThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("jdora-daemon-tap-"));
    }

    @Test
    void topThroughTheCoordinatorShowsTheNodesOfBothMachinesWithGrowingCountsAndTheirTopics() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a");
             Daemon b = cluster.daemon("b")) {
            CoordinatorOperations ops = new CoordinatorOperations(cluster.hostPort(), ClusterFixture.SECRET);
            RunAddress run = running(cluster, ops);
            RunProbe probe = ops.probe(run);

            RunSnapshot first = probe.sample();
            RunSnapshot later = first;
            while (!(sent(later, "source") > sent(first, "source") && received(later, "relay") > received(first,
                    "relay") && sent(later, "relay") > sent(first, "relay"))) {
                later = probe.sample();
            }

            assertThat(later.nodes()).extracting(NodeStatistics::nodeId).containsExactly("source", "relay");
            assertThat(later.status().nodes()).extracting(n -> n.id() + " " + n.state())
                    .containsExactly("source running", "relay running");
            assertThat(later.usage()).as("CPU and memory of the node processes of both machines")
                    .containsKeys("source", "relay");
            assertThat(later.usage().get("relay").rssBytes()).isPositive();
            assertThat(later.nodes().get(1).inputs()).singleElement().satisfies(in -> {
                assertThat(in.source()).isEqualTo("source/seq");
                assertThat(in.queueDepth()).isPresent();
            });

            RunStatus status = ops.status(run);
            assertThat(status.topics()).extracting(RunStatus.TopicStatus::name)
                    .containsExactly("source/seq", "relay/seq");
            RunStatus.TopicStatus seq = status.topic("source/seq").orElseThrow();
            assertThat(seq.sent()).as("counted on machine a").isPositive();
            assertThat(seq.readers()).as("read on machine b, the link between the machines left out")
                    .extracting(RunStatus.ReaderStatus::input).containsExactly("relay/in");

            stop(cluster, ops, run);
        }
    }

    @Test
    void aMachineWhosePartEndedKeepsItsLastCountersInTop() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a");
             Daemon b = cluster.daemon("b")) {
            CoordinatorOperations ops = new CoordinatorOperations(cluster.hostPort(), ClusterFixture.SECRET);
            Path release = dir.resolve("release");
            UserToCoordinator.RunView started = cluster.start(cluster.write("ends.yml", """
                    nodes:
                      - id: endless
                        class: dev.jdora.cluster.ClusterTestNodes$Endless
                        outputs: [seq]
                        deploy: {machine: a}
                      - id: counted
                        class: dev.jdora.cluster.ClusterTestNodes$Source
                        env: {COUNT: 100, RELEASE: %s}
                        outputs: [seq]
                        deploy: {machine: b}
                    """.formatted(release)));
            cluster.await(started.id(), v -> v.state().equals("running"));
            RunAddress run = ops.resolve(started.id());
            RunProbe probe = ops.probe(run);
            while (sent(probe.sample(), "counted") < 100) {
                TimeUnit.MILLISECONDS.sleep(20); // polling a condition, not waiting for time to pass
            }

            Files.createFile(release);
            cluster.await(run.id(), v -> v.nodes().stream().anyMatch(n -> n.id().equals("counted")
                    && n.state().equals(RunStatus.NodeStatus.FINISHED)));

            RunSnapshot after = probe.sample();
            assertThat(sent(after, "counted")).as("the last counters of machine b's ended part").isEqualTo(100);
            assertThatThrownBy(() -> cluster.client.get("/v1/taps/x?wait=abc", UserToCoordinator.TapBatch.class,
                    Duration.ofSeconds(10))).hasMessageContaining("wait must be a number of milliseconds, not 'abc'");
            stop(cluster, ops, run);
        }
    }

    @Test
    void topicEchoThroughTheCoordinatorReceivesWhatANodeOfAnotherMachineSentAndClosesItsTap() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a");
             Daemon b = cluster.daemon("b")) {
            CoordinatorOperations ops = new CoordinatorOperations(cluster.hostPort(), ClusterFixture.SECRET);
            RunAddress run = running(cluster, ops);

            List<Long> values = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            try (Tap tap = ops.tap(run, "relay/seq", 100)) {
                assertThat(b.openTaps()).as("the tap runs on the relay's machine").isEqualTo(1);
                assertThat(a.openTaps()).isZero();
                while (values.size() < 20) {
                    tap.next(Duration.ofMillis(500), (data, metadata) -> {
                        values.add(Data.toLongs(data)[0]);
                        times.add(metadata.timestamp().nanos());
                    });
                }
            }

            assertThat(values).as("the sequence numbers, in order").isSorted().doesNotHaveDuplicates();
            assertThat(times).as("the send times, for jdora topic hz").isSorted().allMatch(t -> t > 0);
            await(() -> b.openTaps() == 0 && cluster.coordinator.openTaps() == 0);

            assertThatThrownBy(() -> ops.tap(run, "relay/nope", 10)).isInstanceOf(OperationException.class)
                    .hasMessageContaining("nope").matches(e -> ((OperationException) e).userError());
            assertThatThrownBy(() -> ops.tap(run, "relya/seq", 10)).isInstanceOf(OperationException.class)
                    .hasMessageContaining("has no output 'relya/seq'").hasMessageContaining("relay")
                    .matches(e -> ((OperationException) e).userError());
            stop(cluster, ops, run);
        }
    }

    @Test
    void aTapItsClientStopsPollingIsClosedOnTheDaemon() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir, Duration.ofMillis(500)); Daemon a = cluster.daemon("a");
             Daemon b = cluster.daemon("b")) {
            CoordinatorOperations ops = new CoordinatorOperations(cluster.hostPort(), ClusterFixture.SECRET);
            RunAddress run = running(cluster, ops);

            try (Tap abandoned = ops.tap(run, "source/seq", 10)) {
                assertThat(a.openTaps()).isEqualTo(1);

                await(() -> a.openTaps() == 0);

                assertThat(cluster.coordinator.openTaps()).isZero();
                assertThatThrownBy(() -> abandoned.next(Duration.ofMillis(100), (data, metadata) -> { }))
                        .as("the coordinator forgot it: no quiet end of the output")
                        .isInstanceOf(OperationException.class)
                        .hasMessageContaining("the coordinator closed the tap on source/seq")
                        .hasMessageContaining("not polled");
            }
            stop(cluster, ops, run);
        }
    }

    @Test
    void anErrorOfAnOpenTapReachesItsClientWithTheTopic() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a");
             Daemon b = cluster.daemon("b")) {
            CoordinatorOperations ops = new CoordinatorOperations(cluster.hostPort(), ClusterFixture.SECRET);
            RunAddress run = running(cluster, ops);

            try (CoordinatorTap tap = CoordinatorTap.open(cluster.client, run.id(), "relay/seq", 100)) {
                cluster.client.post("/v1/daemons/b/taps/" + tap.id(), new DaemonToCoordinator.TapPush(run.id(),
                        tap.id(), List.of(), 0, false, "the disk is full"), CoordinatorToDaemon.TapAck.class,
                        Duration.ofSeconds(10));

                assertThatThrownBy(() -> drain(tap)).isInstanceOf(OperationException.class)
                        .hasMessageContaining("relay/seq").hasMessageContaining("the disk is full");
            }
            await(() -> b.openTaps() == 0 && cluster.coordinator.openTaps() == 0);
            stop(cluster, ops, run);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTapWhoseDaemonStopsAnsweringEndsWithAnErrorNamingItsMachine() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a");
             Daemon b = cluster.daemon("b")) {
            CoordinatorOperations ops = new CoordinatorOperations(cluster.hostPort(), ClusterFixture.SECRET);
            RunAddress run = running(cluster, ops);

            try (Tap tap = ops.tap(run, "relay/seq", 100)) {
                tap.next(Duration.ofSeconds(5), (data, metadata) -> { });
                b.close(); // its tap thread ends without a last push, as when its machine dies

                assertThatThrownBy(() -> drain(tap)).isInstanceOf(OperationException.class)
                        .hasMessageContaining("relay/seq").hasMessageContaining("machine 'b' stopped answering");
            }
            await(() -> cluster.coordinator.openTaps() == 0);
        }
    }

    /** Reads {@code tap} until it ends (the test's timeout bounds the wait). */
    private static void drain(Tap tap) throws InterruptedException {
        while (!tap.ended()) {
            tap.next(Duration.ofMillis(500), (data, metadata) -> { });
        }
    }

    /** Starts the dataflow and waits until it runs. */
    private RunAddress running(ClusterFixture cluster, CoordinatorOperations ops) throws Exception {
        UserToCoordinator.RunView started = cluster.start(cluster.write("flow.yml", FLOW));
        cluster.await(started.id(), v -> v.state().equals("running"));
        return ops.resolve(started.id());
    }

    private static void stop(ClusterFixture cluster, CoordinatorOperations ops, RunAddress run) throws Exception {
        ops.stop(run, Optional.of(Duration.ofSeconds(2)));
        cluster.await(run.id(), v -> v.state().equals("ended"));
    }

    private static long sent(RunSnapshot snapshot, String node) {
        return node(snapshot, node).messagesOut();
    }

    private static long received(RunSnapshot snapshot, String node) {
        return node(snapshot, node).messagesIn();
    }

    private static NodeStatistics node(RunSnapshot snapshot, String node) {
        return snapshot.nodes().stream().filter(n -> n.nodeId().equals(node)).findFirst().orElseThrow();
    }

    /** Polls {@code condition} until it holds (the test's timeout bounds the wait). */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            TimeUnit.MILLISECONDS.sleep(20); // polling a condition, not waiting for time to pass
        }
    }
}
