package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.cluster.ClusterSecret;
import dev.jdora.core.internal.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdora up} and {@code jdora down} as a user runs them, in a runtime directory of the test's own: up starts a
 * coordinator and a daemon as processes of their own (on a free port, so that other coordinators of this host do not
 * matter), a dataflow started through that coordinator without naming a secret runs on the daemon's machine to its
 * end, and down stops both processes and removes the record. Afterwards no process of the test may be left.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class UpDownTest {

    private static final Pattern ADDRESS = Pattern.compile("export " + ClusterOptions.COORDINATOR_ENV + "=(\\S+)");

    @RegisterExtension
    final PrivateRuntimeDirectory runtime = new PrivateRuntimeDirectory();

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() throws Exception {
        if (Files.exists(runtime.runs().resolve(UpState.FILE))) {
            jdora("down"); // the test failed half-way: end what it started before checking
        }
        assertThat(ProcessModeTest.poll(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                Duration.ofSeconds(30))).as("no coordinator, daemon or node process left").isTrue();
    }

    @Test
    void upRunsADataflowOnThisMachineAndDownStopsIt() throws Exception {
        CliOutcome up = jdora("up", "--bind", "127.0.0.1:0", "--machine-id", "upm", "--log-dir",
                dir.resolve("out").toString());
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(up.out()).contains("the daemon of machine 'upm'").contains("jdora start --coordinator ");
        Matcher address = ADDRESS.matcher(up.out());
        assertThat(address.find()).as(up.out()).isTrue();
        String at = address.group(1);
        assertThat(at).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");

        Path token = runtime.runs().resolve(ClusterSecret.DEFAULT_FILE);
        assertThat(Files.isRegularFile(token, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        assertThat(Files.readString(token).strip()).matches("[A-Za-z0-9_-]{43}"); // 32 bytes, base64url
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime.runs().resolve(UpState.FILE))))
                .isEqualTo("rw-------");
        UpState state = UpState.read().orElseThrow();
        assertThat(state.address()).isEqualTo(at);
        assertThat(state.coordinator().live()).isPresent();
        assertThat(state.daemon().live()).isPresent();

        CliOutcome again = jdora("up", "--bind", "127.0.0.1:0", "--machine-id", "upm");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("already up: the coordinator at " + at);
        assertThat(UpState.read()).contains(state);

        Path flow = Files.writeString(dir.resolve("flow.yml"), "deploy: {machine: upm}\nnodes:\n"
                + "  - id: producer\n    class: " + ProcessNodes.Producer.class.getName() + "\n"
                + "    env: {COUNT: 3000, PAUSE_MICROS: 1000}\n    outputs: [out]\n"
                + "  - id: sink\n    class: " + ProcessNodes.SequenceChecker.class.getName() + "\n"
                + "    inputs: {count: {source: producer/out, queue_policy: backpressure}}\n");
        CliOutcome started = jdora("start", "--coordinator", at, "--name", "updown", flow.toString());
        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(started.out()).contains("on producer@upm, sink@upm");
        assertThat(ProcessModeTest.poll(() -> jdora("list", "--coordinator", at).out().contains("updown"),
                Duration.ofSeconds(30))).as("the coordinator lists the run").isTrue();
        assertThat(ProcessModeTest.poll(() -> !jdora("list", "--coordinator", at).out().contains("updown"),
                Duration.ofSeconds(60))).as("the run ends by itself").isTrue();
        assertThat(jdora("logs", "--coordinator", at, "updown", "sink").out())
                .contains("input count received 3000 gaps 0 duplicates 0");

        CliOutcome down = jdora("down");
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(down.out()).contains("stopped the daemon of machine 'upm' (pid " + state.daemon().pid() + ")")
                .contains("stopped the coordinator at " + at + " (pid " + state.coordinator().pid() + ")");
        assertThat(ProcessHandle.of(state.daemon().pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.of(state.coordinator().pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(runtime.runs().resolve(UpState.FILE)).doesNotExist();
        CliOutcome nothingUp = jdora("down");
        assertThat(nothingUp.exit()).isZero();
        assertThat(nothingUp.out()).isEqualTo("no dataflow is running" + System.lineSeparator());
    }

    @Test
    void theDefaultSecretIsCheckedAsATokenFile() throws IOException {
        OwnerOnly.createDirectory(runtime.runs());
        Path token = runtime.runs().resolve(ClusterSecret.DEFAULT_FILE);
        UpCommand.createToken(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        CliOutcome open = jdora("list", "--coordinator", "127.0.0.1:1");
        assertThat(open.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(open.err()).contains(token + ": the token file must be readable by its owner only");
        Files.delete(token);
        CliOutcome none = jdora("list", "--coordinator", "127.0.0.1:1");
        assertThat(none.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(none.err()).contains("no cluster secret: set " + ClusterSecret.ENV);
    }

    @Test
    void theMachineIdIsTheHostNameMadeValid() {
        assertThat(UpCommand.machineId("robot-1.lab")).isEqualTo("robot-1.lab");
        assertThat(UpCommand.machineId("-my host!")).isEqualTo("my-host-");
        assertThat(UpCommand.machineId("x".repeat(70))).hasSize(63);
        assertThat(UpCommand.machineId("")).isEqualTo("local");
        assertThat(UpCommand.defaultMachineId()).matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");
        assertThat(jdora("up", "--help").out().replaceAll("\\s+", " ")).contains("jdora down stops them")
                .contains("--machine-id");
        assertThat(jdora("down", "--help").out().replaceAll("\\s+", " "))
                .contains("then stop the coordinator and daemon jdora up started");
    }
}
