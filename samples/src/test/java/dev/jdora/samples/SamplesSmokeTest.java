package dev.jdora.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs every sample dataflow through {@code jdora run}, as a user would, and checks what its nodes printed. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SamplesSmokeTest {

    @TempDir
    Path out;

    private String run(String sample) throws Exception {
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "run", "--quiet", "--log-dir", out.toString(), Path.of("dataflows", sample).toString());
        assertThat(exit).as(err.toString()).isZero();
        return err.toString();
    }

    private List<String> log(String node) throws Exception {
        try (Stream<Path> runs = Files.list(out)) {
            Path run = runs.findFirst().orElseThrow();
            return Files.readAllLines(run.resolve(node + ".log"));
        }
    }

    @Test
    void checkAcceptsEverySampleWithItsClasses() {
        for (String sample : List.of("timer-pipeline.yml", "camera.yml", "operators.yml")) {
            StringWriter err = new StringWriter();
            int exit = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                    "check", Path.of("dataflows", sample).toString());
            assertThat(exit).as(sample + ": " + err).isZero();
        }
    }

    @Test
    void timerPipelineSquaresTheEvenNumbers() throws Exception {
        run("timer-pipeline.yml");

        assertThat(log("source")).containsExactly("sent 20 numbers, done");
        List<String> printed = log("printer");
        assertThat(printed).startsWith("square: 0", "square: 4", "square: 16");
        assertThat(printed).contains("square: 324", "square closed");
        assertThat(printed.get(printed.size() - 1)).isEqualTo("received 10 values; stop: ALL_INPUTS_CLOSED");
    }

    @Test
    void cameraPipelineDropsOldFramesToKeepTheDetectorCurrent() throws Exception {
        String report = run("camera.yml");

        assertThat(log("camera")).containsExactly("sent 150 frames");
        String summary = log("stats").stream().filter(l -> l.startsWith("summary:")).findFirst().orElseThrow();
        long detections = Long.parseLong(summary.replaceAll("summary: (\\d+) detections.*", "$1"));
        long dropped = Long.parseLong(summary.replaceAll(".*frames dropped (\\d+)$", "$1"));
        assertThat(detections).isPositive();
        assertThat(dropped).isPositive();
        assertThat(report).contains("node 'detector' input 'image': dropped");
    }

    @Test
    void operatorsSampleRunsThreeOperatorsInOneRuntimeNode() throws Exception {
        run("operators.yml");

        assertThat(log("ticker")).containsExactly("sent 20 numbers, done");
        List<String> printed = log("ops");
        assertThat(printed).startsWith("total: 10", "total: 30", "total: 60");
        assertThat(printed).contains("total: 2100");
        assertThat(printed.get(printed.size() - 1)).isEqualTo("report: 20 totals; stop: ALL_INPUTS_CLOSED");
    }
}
