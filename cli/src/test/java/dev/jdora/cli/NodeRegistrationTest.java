package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.internal.process.LineChannel;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the process the runtime launched may register as its node on the control socket (issue 8, defect 6): a second
 * {@code HELLO} with the node's id — without the node's secret, with a wrong one, or with the right one while the node
 * is connected — is refused and its connection closed, and the real node keeps its connection and gets {@code Stop}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeRegistrationTest {

    @TempDir
    Path dir;

    private Optional<Path> runDirectory = Optional.empty();

    @AfterEach
    void nothingLeft() throws Exception {
        assertThat(ProcessModeTest.poll(() -> ProcessHandle.current().descendants()
                .noneMatch(ProcessModeTest::running), Duration.ofSeconds(10))).as("no node process left").isTrue();
        runDirectory.ifPresent(d -> assertThat(d).as("the run directory").doesNotExist());
    }

    @Test
    void aSecondHelloWithTheNodesIdIsRefusedAndTheNodeStillGetsStop() throws Exception {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, "nodes:\n  - id: ticker\n    class: " + ProcessNodes.Ticker.class.getName() + "\n"
                + "    inputs:\n      tick: dora/timer/millis/20\n");
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(5)).withLogDir(dir.resolve("out")).withConsole(false));
        runDirectory = Optional.of(ProcessModeTest.runBase().resolve(run.id()));
        Path socket = runDirectory.get().resolve("control.sock");
        Optional<String> noSecret;
        Optional<String> wrongSecret;
        Optional<String> duplicate;
        try {
            assertThat(ProcessModeTest.poll(() -> logLine("started").isPresent(), Duration.ofSeconds(60)))
                    .as("the node runs").isTrue();
            long pid = Long.parseLong(logLine("pid ").orElseThrow().substring(4).trim());
            noSecret = firstReply(socket, "HELLO ticker");
            wrongSecret = firstReply(socket, "HELLO ticker " + "0".repeat(64));
            duplicate = firstReply(socket, "HELLO ticker " + secretOf(pid));
        } finally {
            run.stop();
        }
        RunResult result = run.await(Duration.ofSeconds(60)).orElseGet(() -> {
            run.kill();
            throw new AssertionError("the run did not end in time");
        });
        assertThat(noSecret).as("reply to a hello without a secret").isEmpty();
        assertThat(wrongSecret).as("reply to a hello with a wrong secret").isEmpty();
        assertThat(duplicate).as("reply to a second hello with the right secret").isEmpty();
        assertThat(result.failures()).as("the node got Stop and ended by itself").isEmpty();
    }

    /** Connects as a node, says {@code hello}, and returns the first line the daemon sends, if any, before closing. */
    private static Optional<String> firstReply(Path socket, String hello) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            LineChannel lines = new LineChannel(channel);
            lines.send(hello);
            return Optional.ofNullable(lines.readLine()); // blocks until a line or the end: the test's timeout bounds it
        }
    }

    /** The node secret in the environment of process {@code pid} (a process of ours, so we may read it). */
    private static String secretOf(long pid) throws IOException {
        String environ = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                StandardCharsets.UTF_8);
        return Arrays.stream(environ.split("\0")).filter(v -> v.startsWith("JDORA_NODE_SECRET="))
                .map(v -> v.substring(v.indexOf('=') + 1)).findFirst().orElse("none");
    }

    private Optional<String> logLine(String prefix) throws IOException {
        Path out = dir.resolve("out");
        if (!Files.isDirectory(out)) {
            return Optional.empty();
        }
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("ticker.log")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith(prefix)) {
                        return Optional.of(line);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
