package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the operating commands that need no running dataflow: options, rates, log reading, waiting. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OperationsCommandsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final PrivateRuntimeDirectory runtime = new PrivateRuntimeDirectory();

    private Path flow() throws IOException {
        return OpsNodes.counterDataflow(dir.resolve("flow.yml"), 50);
    }

    @Test
    void hzReportsTheRateFromTheSendTimes() {
        long[] every20ms = {1_000_000_000L, 1_020_000_000L, 1_040_000_000L, 1_060_000_000L, 1_080_000_000L};
        assertThat(TopicCommand.Hz.report(every20ms, 3)).isEqualTo("rate: 50.000 Hz  period min: 20.000 ms  max: "
                + "20.000 ms  std dev: 0.000 ms  window: 5  dropped: 3");
        long[] uneven = {0L, 10_000_000L, 40_000_000L};
        assertThat(TopicCommand.Hz.report(uneven, 0)).startsWith("rate: 50.000 Hz  period min: 10.000 ms  max: "
                + "30.000 ms  std dev: 10.000 ms");
    }

    @Test
    void badTopicOptionsAreUserErrorsBeforeTheRunIsAsked() {
        for (String[] args : List.of(new String[] {"topic", "echo", "any", "a/b", "--queue-size", "0"},
                new String[] {"topic", "echo", "any", "a/b", "--count", "0"},
                new String[] {"topic", "hz", "any", "a/b", "--window", "1"},
                new String[] {"topic", "list", "any", "--window", "0s"})) {
            CliOutcome o = jdora(args);
            assertThat(o.exit()).as(String.join(" ", args)).isEqualTo(Main.USER_ERROR);
            assertThat(o.err()).as(String.join(" ", args)).contains("must be at least").doesNotContain("no dataflow");
        }
        assertThat(jdora("topic", "echo", "any", "a/b", "--queue-size", "0").err())
                .contains("--queue-size must be at least 1 (it is 0)");
    }

    @Test
    void startRefusesInJvmRunsWhichCouldNotBeReached() throws Exception {
        CliOutcome o = jdora("start", "--in-jvm", flow().toString());
        assertThat(o.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).contains("jdora start --in-jvm").contains("jdora run --in-jvm");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("no run started").isEmpty();
    }

    @Test
    void anIoFailureOfStartIsAFailureNotAUserErrorAndHasNoStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "");
        CliOutcome o = jdora("start", "--log-dir", file.resolve("logs").toString(), flow().toString());
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.errLines()).hasSize(1);
        assertThat(o.err()).startsWith("error: jdora start: ").contains(file.toString());
        o.assertNoStackTrace();
    }

    @Test
    void stopWaitsForTheGraceTheRunWasStartedWith() {
        RunAddress run = address(ProcessHandle.current().pid(), Duration.ofSeconds(60));
        assertThat(StopCommand.patience(run, Optional.empty())).as("the run's own 60 s, then 30 s to SIGKILL")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(90));
        assertThat(StopCommand.patience(run, Optional.of(Duration.ofSeconds(2))))
                .isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void startKnowsItsRunByItsChildsPidNotByItsName() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        assertThat(StartCommand.startedBy(address(self.pid(), Duration.ZERO), self)).isTrue();
        ProcessHandle parent = self.parent().orElseThrow();
        assertThat(StartCommand.startedBy(address(self.pid(), Duration.ZERO), parent)).as("its child's run").isTrue();
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(StartCommand.startedBy(address(self.pid(), Duration.ZERO), other.toHandle()))
                    .as("the run of another start of the same name").isFalse();
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void logsPrintEverythingToTheEndEvenPastSixteenMebibytes() throws IOException {
        Path log = dir.resolve("big.log");
        String line = "x".repeat(99) + "\n";
        int lines = 17 * 1024 * 1024 / line.length() + 1;
        Files.writeString(log, line.repeat(lines));
        StringWriter out = new StringWriter();
        new LogsCommand.LogTail(log, "n: ").print(new PrintWriter(out), false);
        assertThat(out.toString().lines().count()).isEqualTo(lines);
        assertThat(out.toString().lines()).allMatch(l -> l.equals("n: " + "x".repeat(99)));
    }

    @Test
    void aLineLongerThanAChunkIsPrintedInPiecesWithoutCuttingACharacter() throws IOException {
        Path log = dir.resolve("long.log");
        int chunk = LogsCommand.LogTail.CHUNK;
        String longLine = "a".repeat(chunk - 1) + "é" + "b".repeat(chunk); // 'é' (2 bytes) spans the first cut
        Files.writeString(log, longLine + "\nnext\npartial");
        StringWriter out = new StringWriter();
        LogsCommand.LogTail tail = new LogsCommand.LogTail(log, "");
        tail.print(new PrintWriter(out), false);
        List<String> printed = out.toString().lines().toList();
        assertThat(String.join("", printed.subList(0, printed.size() - 1))).isEqualTo(longLine);
        assertThat(printed.size()).as("in pieces").isGreaterThan(2);
        assertThat(printed).last().isEqualTo("next");
        assertThat(printed).allMatch(l -> !l.contains("\uFFFD"));

        Files.writeString(log, " line\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        StringWriter more = new StringWriter();
        tail.print(new PrintWriter(more), false);
        assertThat(more.toString().lines()).containsExactly("partial line");
    }

    private RunAddress address(long pid, Duration grace) {
        return new RunAddress("id", "name", dir.resolve("flow.yml"), dir, dir, dir.resolve("control.sock"), pid,
                Instant.now(), grace);
    }
}
