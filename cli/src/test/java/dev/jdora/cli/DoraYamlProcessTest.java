package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dora 1.0's YAML with nodes as processes: {@code send_stdout_as} of a {@code path:} program and of a JVM node, the
 * top-level {@code env}, typed outputs checked at send in a node process; and {@code jdora check} of typed ports and
 * of dora keys jdora refuses. Afterwards no node process and no run directory may remain.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DoraYamlProcessTest {

    @TempDir
    Path dir;

    private Path runDirectory = Path.of("/nonexistent");

    @AfterEach
    void nothingLeft() throws Exception {
        assertThat(ProcessModeTest.poll(() -> ProcessHandle.current().descendants()
                .noneMatch(ProcessModeTest::running), Duration.ofSeconds(10))).as("no node process left").isTrue();
        assertThat(runDirectory).doesNotExist();
    }

    @Test
    void linesPrintedByNodeProcessesReachTheirReadersAsMessages() throws Exception {
        Path script = dir.resolve("printer.sh");
        Files.writeString(script, "#!/bin/sh\necho \"GREETING=$GREETING\"\necho \"NAME=$NAME\"\n"
                + "echo 'to stderr' >&2\nprintf 'no line end'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, """
                env: {GREETING: hello, NAME: global}
                nodes:
                  - id: script
                    path: printer.sh
                    env: {NAME: own}
                    send_stdout_as: lines
                    outputs: [lines]
                  - id: jvm
                    class: %s
                    send_stdout_as: printed
                    outputs: [printed, count]
                    output_types: {printed: std/core/v1/String, count: std/core/v1/Int64}
                  - id: sink
                    class: %s
                    inputs:
                      script: {source: script/lines, queue_size: 100}
                      jvm: {source: jvm/printed, queue_size: 100}
                """.formatted(TypedPrinter.class.getName(), LineSink.class.getName()));
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(10)).withLogDir(dir.resolve("out")).withConsole(false));
        runDirectory = ProcessModeTest.runBase().resolve(run.id());
        RunResult result = run.await(Duration.ofSeconds(100)).orElseGet(() -> {
            run.kill();
            throw new AssertionError("the run did not end in time");
        });

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        List<String> got = Files.readAllLines(result.logDir().resolve("sink.log"));
        assertThat(got).containsSubsequence("script: GREETING=hello", "script: NAME=own", "script: no line end",
                "closed script");
        assertThat(got).contains("script: to stderr");
        assertThat(got).containsSubsequence("jvm: sending text on count",
                "jvm: refused: node 'jvm': output 'count' is declared std/core/v1/Int64 in output_types, but the data"
                        + " sent is Arrow Utf8 (VarCharVector): nothing was sent",
                "jvm: refused: node 'jvm': output 'printed' carries what this node prints (send_stdout_as): the"
                        + " runtime sends on it, the node cannot; print to it, or declare another output",
                "closed jvm");
    }

    @Test
    void checkReportsTypeMismatchesAndRefusedDoraKeysLocated() throws Exception {
        Path file = dir.resolve("typed.yml");
        Files.writeString(file, """
                nodes:
                  - id: sensor
                    path: sensor.py
                    restart_policy: allways
                    outputs: [reading]
                    output_types: {reading: std/core/v1/Float64}
                  - id: sink
                    path: sink.py
                    inputs: {reading: sensor/reading}
                    input_types: {reading: std/core/v1/Float32}
                """);
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "check",
                file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(file + ":4:21: node 'sensor': unknown restart_policy 'allways' (did you"
                + " mean 'always'?); use one of never, on-failure, always")
                .contains(file + ":9:23: node 'sink': input 'reading': type mismatch: input_types says"
                        + " std/core/v1/Float32, but its source 'sensor/reading' has output_types std/core/v1/Float64")
                .doesNotContain("unknown key").doesNotContain("\tat ");
    }

    /** Sends text on its {@code Int64} output and on its stdout output, and prints what each send said. */
    public static final class TypedPrinter implements NodeMain {
        @Override
        public void run(Node node) {
            System.out.println("sending text on count");
            for (String output : List.of("count", "printed")) {
                try {
                    node.sendString(output, "text");
                    System.out.println("sent on " + output);
                } catch (IllegalArgumentException e) {
                    System.out.println("refused: " + e.getMessage());
                }
            }
        }
    }

    /** Prints {@code <input>: <text>} for every message and {@code closed <input>} when an input closes. */
    public static final class LineSink implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    System.out.println(in.id() + ": " + String.join("|", Data.strings(in.data())));
                } else if (event instanceof Event.InputClosed closed) {
                    System.out.println("closed " + closed.id());
                }
            }
        }
    }
}
