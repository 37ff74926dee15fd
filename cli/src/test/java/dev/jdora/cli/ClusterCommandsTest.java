package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.cluster.ClusterSecret;
import dev.jdora.cluster.Coordinator;
import dev.jdora.cluster.Daemon;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against a coordinator ({@code --coordinator}, the secret from a 0600 {@code --token-file}): a
 * coordinator and two daemons ("machines" a and b) in this JVM over 127.0.0.1; check, start, list, logs and stop on a
 * dataflow whose nodes run on both; {@code jdora run} still refuses {@code deploy} and says what to use instead.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterCommandsTest {

    private static final String SECRET = "cluster-commands-test-secret";
    private static final String RUNTIME_DIR = "jdora.runtimeDir";

    @TempDir
    Path dir;

    private Path token;

    @BeforeEach
    void setUp() throws IOException {
        Path runtimeDir = Files.createDirectory(dir.resolve("rt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        System.setProperty(RUNTIME_DIR, runtimeDir.toString());
        token = dir.resolve("token");
        Files.writeString(token, SECRET + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void nothingLeft() throws Exception {
        System.clearProperty(RUNTIME_DIR);
        assertThat(ProcessModeTest.poll(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                Duration.ofSeconds(20))).as("no node process left").isTrue();
    }

    private Path dataflow(String sinkMachine) throws IOException {
        Path file = dir.resolve("flow.yml");
        Files.writeString(file, "deploy: {machine: a}\nnodes:\n"
                + "  - id: counter\n    class: " + OpsNodes.Counter.class.getName() + "\n"
                + "    inputs: {tick: dora/timer/hz/50}\n    outputs: [count]\n"
                + "  - id: sink\n    class: " + ProcessNodes.SequenceChecker.class.getName() + "\n"
                + "    deploy: {machine: " + sinkMachine + "}\n"
                + "    inputs: {count: {source: counter/count, queue_policy: backpressure}}\n"
                + "  - id: ticker\n    class: " + ProcessNodes.Ticker.class.getName() + "\n"
                + "    deploy: {machine: b}\n    inputs: {count: counter/count}\n");
        return file;
    }

    @Test
    void checkStartListLogsStopAgainstACoordinator() throws Exception {
        ClusterSecret secret = ClusterSecret.of(SECRET);
        try (Coordinator coordinator = Coordinator.start(new Coordinator.Config(new InetSocketAddress("127.0.0.1", 0),
                secret, Coordinator.Config.HEARTBEAT_TIMEOUT));
             Daemon a = daemon(coordinator, "a", secret); Daemon b = daemon(coordinator, "b", secret)) {
            String at = "127.0.0.1:" + coordinator.address().getPort();
            String[] remote = {"--coordinator", at, "--token-file", token.toString()};

            CliOutcome nowhere = jdora(args("check", remote, dataflow("z").toString()));
            assertThat(nowhere.exit()).isEqualTo(Main.USER_ERROR);
            assertThat(nowhere.errLines()).containsExactly(dir.resolve("flow.yml") + ":7:5: node 'sink': "
                    + "deploy.machine: no daemon has registered machine 'z' (registered: a, b)", "1 problem");

            Path flow = dataflow("b");
            CliOutcome checked = jdora(args("check", remote, flow.toString()));
            assertThat(checked.exit()).as(checked.err()).isZero();
            CliOutcome started = jdora(args("start", remote, "--name", "across", "--grace-duration", "2s",
                    flow.toString()));
            assertThat(started.exit()).as(started.err()).isZero();
            assertThat(started.out()).startsWith("started across (").contains("on counter@a, sink@b, ticker@b");

            // Known problem (issue 15, open): right after start, the first list through the coordinator has printed
            // nothing now and then in the full suite; the run is polled for instead of asserted at once.
            assertThat(ProcessModeTest.poll(() -> jdora(args("list", remote)).out()
                    .matches("(?s).*across +\\S+ +(starting|running) +3/3.*"), Duration.ofSeconds(30)))
                    .as("the coordinator lists the run with its 3 nodes").isTrue();
            assertThat(jdora("list").out()).as("this machine lists only the parts of the run it runs, by machine")
                    .doesNotContainPattern("(?m)^across ");
            assertThat(ProcessModeTest.poll(() -> jdora(args("logs", remote, "across", "ticker")).out()
                    .contains("started"), Duration.ofSeconds(60))).as("data came to b; its log read there").isTrue();
            CliOutcome top = jdora(args("top", remote, "--once", "--interval", "300ms", "across"));
            assertThat(top.exit()).as(top.err()).isZero();
            assertThat(top.out()).as("the nodes of both machines").containsPattern("(?m)^across +counter +running")
                    .containsPattern("(?m)^across +sink +running").containsPattern("(?m)^across +ticker +running");
            CliOutcome echo = jdora("topic", "echo", "--coordinator", at, "--token-file", token.toString(), "across",
                    "counter/count", "-n", "3");
            assertThat(echo.exit()).as(echo.err()).isZero();
            assertThat(echo.out().lines()).as("three messages sent on machine a").hasSize(3)
                    .allMatch(line -> line.startsWith("counter/count"));
            CliOutcome topics = jdora("topic", "list", "--coordinator", at, "--token-file", token.toString(),
                    "--window", "100ms", "across");
            assertThat(topics.exit()).as(topics.err()).isZero();
            assertThat(topics.out().lines()).as("the header and the run's one topic, read on machine b by both")
                    .hasSize(2).satisfies(lines -> {
                        assertThat(lines.get(0)).matches("TOPIC +SENT +RATE +PUB +READERS");
                        assertThat(lines.get(1)).matches("counter/count +[1-9]\\d* +\\S+ +- +sink/count, "
                                + "ticker/count( \\(dropped \\d+\\))?");
                    });
            CliOutcome typo = jdora(args("logs", remote, "acros"));
            assertThat(typo.exit()).isEqualTo(Main.USER_ERROR);
            assertThat(typo.err()).contains("no dataflow 'acros' (did you mean 'across'?)");

            CliOutcome stopped = jdora(args("stop", remote, "across"));
            assertThat(stopped.exit()).as(stopped.err()).isZero();
            assertThat(stopped.out()).startsWith("stopped across");
            CliOutcome logs = jdora(args("logs", remote, "across"));
            assertThat(logs.out()).as("every node's log, from both machines, after the end")
                    .containsPattern("sink: input count received [1-9]\\d* gaps 0 duplicates 0")
                    .contains("sink: event").contains(" Stop "); // MANUAL, or ALL_INPUTS_CLOSED once the counter stopped
            assertThat(jdora(args("list", remote)).out()).contains("no dataflow is running");
        }
    }

    @Test
    void aWrongSecretIsAUserErrorInWords() throws Exception {
        try (Coordinator coordinator = Coordinator.start(new Coordinator.Config(new InetSocketAddress("127.0.0.1", 0),
                ClusterSecret.of("another-secret-0123456789"), Coordinator.Config.HEARTBEAT_TIMEOUT))) {
            CliOutcome list = jdora("list", "--coordinator", "127.0.0.1:" + coordinator.address().getPort(),
                    "--token-file", token.toString());
            assertThat(list.exit()).isEqualTo(Main.USER_ERROR);
            assertThat(list.err()).contains("the coordinator refused the cluster secret");
            PrintStream stderr = System.err; // jdora daemon sends its log (System.err) to a file
            CliOutcome daemon;
            try {
                daemon = jdora("daemon", "--machine-id", "a", "--coordinator", "127.0.0.1:"
                        + coordinator.address().getPort(), "--token-file", token.toString());
            } finally {
                System.setErr(stderr);
            }
            assertThat(daemon.exit()).isEqualTo(Main.USER_ERROR);
            assertThat(daemon.errLines()).containsExactly("error: the coordinator at 127.0.0.1:"
                    + coordinator.address().getPort() + " refused this daemon: wrong secret (give it the "
                    + "coordinator's: the same $JDORA_TOKEN or --token-file)");
        }
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        CliOutcome open = jdora("list", "--coordinator", "127.0.0.1:1", "--token-file", token.toString());
        assertThat(open.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(open.err()).contains("the token file must be readable by its owner only");
    }

    @Test
    void runStillRefusesDeployAndNamesTheCoordinatorCommands() throws IOException {
        CliOutcome run = jdora("run", dataflow("b").toString());
        assertThat(run.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err()).contains(":3:5: node 'counter': deploy.machine: jdora run runs every node on this "
                + "machine; run a dataflow across machines with 'jdora coordinator', 'jdora daemon --machine-id a "
                + "--coordinator HOST:PORT' on each machine and 'jdora start --coordinator HOST:PORT'");
        CliOutcome daemon = jdora("daemon", "--machine-id", "a", "--token-file", token.toString());
        assertThat(daemon.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(daemon.err()).contains("which coordinator? give --coordinator HOST:PORT");
        CliOutcome badAddress = jdora("coordinator", "--bind", "localhost");
        assertThat(badAddress.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(badAddress.err()).contains("'localhost' is not HOST:PORT");
        for (String command : List.of("coordinator", "daemon")) {
            CliOutcome help = jdora(command, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("Usage: jdora " + command).contains("--token-file");
        }
        assertThat(jdora("up", "--help").out()).contains("Start a jdora coordinator and a jdora daemon");
    }

    private Daemon daemon(Coordinator coordinator, String machine, ClusterSecret secret) throws Exception {
        return Daemon.start(new Daemon.Config(machine, "127.0.0.1:" + coordinator.address().getPort(), secret,
                Optional.empty(), dir.resolve("out-" + machine), List.of(), Daemon.Config.COORDINATOR_TIMEOUT));
    }

    private static String[] args(String command, String[] remote, String... more) {
        String[] all = new String[1 + remote.length + more.length];
        all[0] = command;
        System.arraycopy(remote, 0, all, 1, remote.length);
        System.arraycopy(more, 0, all, 1 + remote.length, more.length);
        return all;
    }
}
