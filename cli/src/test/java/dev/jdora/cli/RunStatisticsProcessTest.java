package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import dev.jdora.runtime.stats.InputStatistics;
import dev.jdora.runtime.stats.NodeState;
import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.RunStatistics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run statistics of nodes running as processes over shared memory: exact counts, drops as the transport counts
 * them, readable from another JVM by run directory, unchanged while a node is idle, and gone with the run directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunStatisticsProcessTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final PrivateRuntimeDirectory runtime = new PrivateRuntimeDirectory();

    private final List<Path> runDirectories = new ArrayList<>();

    @AfterEach
    void nothingLeft() throws Exception {
        await("no node process left").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        assertThat(runDirectories).as("run directories, statistics files with them").allSatisfy(d ->
                assertThat(d).doesNotExist());
    }

    /** Sends {@code COUNT} numbers on {@code out}, then waits for {@code Stop} with its output open. */
    public static final class ProduceThenWait implements NodeMain {
        @Override
        public void run(Node node) {
            long count = Long.parseLong(node.env().getOrDefault("COUNT", "0"));
            for (long i = 0; i < count; i++) {
                node.sendLongs("out", i);
            }
            for (Event event : node) {
                // until Stop
            }
        }
    }

    /** Prints the statistics of the run directory given as argument: one line per input and output. */
    public static final class Dump {
        public static void main(String[] args) throws IOException {
            RunStatistics stats = RunStatistics.open(Path.of(args[0]));
            for (NodeStatistics node : stats.snapshot()) {
                node.inputs().forEach(in -> System.out.println(stats.dataflow() + " " + node.nodeId() + " input "
                        + in.inputId() + " received " + in.received() + " depth " + in.queueDepth().orElse(-1)));
                node.outputs().forEach(out -> System.out.println(stats.dataflow() + " " + node.nodeId() + " output "
                        + out.outputId() + " sent " + out.sent()));
            }
        }
    }

    private DataflowRun start(String yaml) throws Exception {
        Path file = dir.resolve("counted.yml");
        Files.writeString(file, yaml);
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(10)).withLogDir(dir.resolve("out")).withConsole(false));
        runDirectories.add(runtime.runs().resolve(run.id()));
        return run;
    }

    private static RunResult finish(DataflowRun run) throws InterruptedException {
        return run.await(Duration.ofSeconds(100)).orElseGet(() -> {
            run.kill();
            throw new AssertionError("the run did not end in time");
        });
    }

    private static NodeResult result(RunResult result, String nodeId) {
        return result.nodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }

    private static InputStatistics input(RunStatistics stats, String nodeId, String inputId) {
        return stats.node(nodeId).orElseThrow().inputs().stream().filter(i -> i.inputId().equals(inputId))
                .findFirst().orElseThrow();
    }

    private static String node(String id, Class<?> type, String... lines) {
        StringBuilder sb = new StringBuilder("  - id: " + id + "\n    class: " + type.getName() + "\n");
        for (String line : lines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    @Test
    void losslessInputReceivesExactlyWhatItsSourceSent() throws Exception {
        DataflowRun run = start("nodes:\n"
                + node("source", ProcessNodes.Producer.class, "outputs: [out]", "env: {COUNT: 5000}")
                + node("sink", ProcessNodes.SequenceChecker.class, "inputs:",
                        "  in: {source: source/out, queue_policy: backpressure}"));
        RunResult result = finish(run);

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        RunStatistics stats = run.statistics();
        InputStatistics in = input(stats, "sink", "in");
        assertThat(in.received()).isEqualTo(5000);
        assertThat(in.dropped()).isZero();
        assertThat(in.queueDepth()).hasValue(0);
        assertThat(stats.output("source", "out").sent()).isEqualTo(5000);
        assertThat(stats.output("source", "out").bytes()).isGreaterThanOrEqualTo(5000L * Long.BYTES);
        assertThat(in.latency().count()).isEqualTo(5000);
        assertThat(in.latency().p50Nanos()).isPositive().isLessThanOrEqualTo(in.latency().p99Nanos());
        assertThat(in.latency().p99Nanos()).isLessThanOrEqualTo(in.latency().maxNanos());
        assertThat(stats.node("sink").orElseThrow().state()).isEqualTo(NodeState.FINISHED);
        assertThat(result(result, "source").messagesOut()).isEqualTo(5000);
        assertThat(result(result, "sink").messagesIn()).isEqualTo(5000);
        assertThat(RunSummary.lines(result)).containsExactly(
                "node    status  restarts    in   out  dropped",
                "source  ok             0     0  5000        0",
                "sink    ok             0  5000     0        0");
    }

    @Test
    void dropsUnderDropOldestAreWhatTheTransportCounted() throws Exception {
        DataflowRun run = start("nodes:\n"
                + node("source", ProcessNodes.Producer.class, "outputs: [out]", "env: {COUNT: 20000}")
                + node("sink", ProcessNodes.SequenceChecker.class, "env: {DELAY_MICROS: 100}", "inputs:",
                        "  in: {source: source/out, queue_size: 2}"));
        RunResult result = finish(run);

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        InputStatistics in = input(run.statistics(), "sink", "in");
        assertThat(in.dropped()).isPositive().isEqualTo(result(result, "sink").dropped().get("in"));
        assertThat(in.received() + in.dropped()).isEqualTo(20000);
        assertThat(result(result, "sink").messagesIn()).isEqualTo(in.received());
        assertThat(Files.readAllLines(result.logDir().resolve("sink.log")))
                .anyMatch(line -> line.startsWith("input in received " + in.received() + " "));
    }

    @Test
    void anotherJvmReadsTheRunByItsDirectoryAndAnIdleNodesCountersStayPut() throws Exception {
        DataflowRun run = start("nodes:\n"
                + node("source", ProduceThenWait.class, "outputs: [out]", "env: {COUNT: 100}")
                + node("sink", ProcessNodes.SequenceChecker.class, "inputs:",
                        "  in: {source: source/out, queue_policy: backpressure}")
                + node("quiet", ProduceThenWait.class, "outputs: [out]")
                + node("idle", ProcessNodes.SequenceChecker.class, "inputs:", "  in: quiet/out")
                + node("clock", ProcessNodes.Ticker.class, "inputs:", "  tick: dora/timer/millis/5"));
        Path runDirectory = runtime.runs().resolve(run.id());
        RunStatistics stats = run.statistics();
        try {
            await("the sink has all, the idle node runs, the clock ticks").atMost(Duration.ofSeconds(60))
                    .until(() -> stats.input("sink", "in").received() == 100
                            && stats.node("idle").orElseThrow().state() == NodeState.RUNNING
                            && stats.input("clock", "tick").received() > 0);
            Path file = runDirectory.resolve("stats").resolve("sink.stats");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            NodeStatistics idleBefore = stats.node("idle").orElseThrow();
            NodeStatistics quietBefore = stats.node("quiet").orElseThrow();
            long ticks = stats.input("clock", "tick").received();
            await("the clock node ticked on").atMost(Duration.ofSeconds(30))
                    .until(() -> stats.input("clock", "tick").received() >= ticks + 40);
            assertThat(stats.node("idle").orElseThrow()).isEqualTo(idleBefore);
            assertThat(stats.node("quiet").orElseThrow()).isEqualTo(quietBefore);
            assertThat(idleBefore.inputs().get(0).received()).isZero();

            assertThat(dumpFromAnotherJvm(runDirectory)).contains(
                    "counted sink input in received 100 depth 0",
                    "counted source output out sent 100",
                    "counted idle input in received 0 depth 0");
        } finally {
            run.stop();
            finish(run);
        }
        RunResult result = run.await();
        assertThat(runDirectory).doesNotExist();
        assertThat(result(result, "sink").messagesIn()).isEqualTo(100);
        assertThat(stats.input("sink", "in").received()).as("still readable after the run").isEqualTo(100);
    }

    private static List<String> dumpFromAnotherJvm(Path runDirectory) throws Exception {
        Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Dump.class.getName(), runDirectory.toString())
                .redirectErrorStream(true).start();
        String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dump.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
