package dev.jdora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.cluster.internal.UserToCoordinator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A daemon killed with SIGKILL: its nodes count as failed, readers on other machines hear of it, nothing is left. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DaemonFaultTest {

    @TempDir
    Path dir;

    @Test
    void aKilledDaemonsNodesFailAndTheirReadersGetNodeFailedThenInputClosed() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a")) {
            Process b = daemonProcess(cluster, "b");
            try {
                cluster.awaitMachine("b");
                UserToCoordinator.RunView run = cluster.startEndless("b", "a");
                cluster.await(run.id(), v -> v.state().equals("running"));
                List<ProcessHandle> nodesOfB = b.descendants().toList();

                long killed = System.nanoTime();
                b.destroyForcibly();
                UserToCoordinator.RunView ended = cluster.await(run.id(), v -> v.state().equals("ended"));
                System.out.printf("readers of the killed machine's nodes ended %d ms after the kill%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));

                assertThat(ended.nodes()).extracting(n -> n.id() + " " + n.state())
                        .containsExactly("source failed", "checker finished");
                assertThat(ended.nodes().get(0).error()).as("lost as its connection ended, not by the 5 s "
                        + "heartbeat timeout").startsWith("machine 'b' lost: its daemon's connection");
                assertThat(cluster.log("a", "checker"))
                        .contains("NodeFailed source [in]: node 'source' failed: machine 'b' lost")
                        .containsSubsequence("NodeFailed source", "InputClosed in");
                for (ProcessHandle node : nodesOfB) {
                    node.onExit().join(); // no node of the killed daemon outlives it (the test timeout bounds this)
                }
            } finally {
                b.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void nodesOfADaemonDoNotInheritTheClusterSecret() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir)) {
            Process b = daemonProcess(cluster, "b"); // JDORA_TOKEN is in its environment
            try {
                cluster.awaitMachine("b");
                Path file = cluster.write("token.yml", """
                        nodes:
                          - id: printer
                            class: dev.jdora.cluster.ClusterTestNodes$PrintsToken
                            deploy: {machine: b}
                        """);
                UserToCoordinator.RunView run = cluster.start(file);
                UserToCoordinator.RunView ended = cluster.await(run.id(), v -> v.state().equals("ended"));

                assertThat(ended.nodes()).extracting(n -> n.id() + " " + n.state()).containsExactly("printer finished");
                assertThat(cluster.log("b", "printer")).contains("JDORA_TOKEN set: false");
            } finally {
                b.destroyForcibly().waitFor();
            }
        }
    }

    private Process daemonProcess(ClusterFixture cluster, String machineId) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DaemonProcessMain.class.getName(),
                machineId, cluster.hostPort(), dir.resolve("out-" + machineId).toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon-" + machineId + ".log").toFile());
        builder.environment().put(ClusterSecret.ENV, "test-secret-0123456789");
        Process process = builder.start();
        return process;
    }

    private static List<String> jvmOptions() throws IOException {
        try (InputStream in = DaemonFaultTest.class.getResourceAsStream("/jdora-jvm.options")) {
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
        }
    }
}
