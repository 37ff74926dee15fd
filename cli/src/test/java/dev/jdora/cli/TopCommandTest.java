package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdora.runtime.stats.OutputCounters;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdora top} against real runs, one in the background and one in the foreground: the rates it reports agree
 * with the run's own counters over a window that contains its own; CPU, memory, queue depth and latency are there.
 */
class TopCommandTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void onceJsonReportsTheRatesTheRunCounts() throws Exception {
        try (LiveRuns runs = new LiveRuns(dir)) {
            runs.start("bg");
            runs.runInForeground("fg");
            OutputCounters sent = LiveRuns.statistics("bg").output("counter", "count");
            LiveRuns.await(() -> sent.sent() > 0, "the counter sends");

            // the expected rate: the counter's own count over a window that contains the one of jdora top
            long before = sent.sent();
            long start = System.nanoTime();
            CliOutcome top = jdora("top", "--once", "--json", "--interval", "2s");
            double seconds = (System.nanoTime() - start) / 1e9;
            double expected = (sent.sent() - before) / seconds;
            assertThat(top.exit()).as(top.err()).isZero();
            assertThat(expected).as("messages sent while jdora top looked").isPositive();

            JsonNode doc = new ObjectMapper().readTree(top.out());
            assertThat(doc.get("interval_seconds").asDouble()).isEqualTo(2.0);
            assertThat(doc.get("dataflows")).extracting(d -> d.get("name").asText()).containsExactly("bg", "fg");
            JsonNode bg = doc.get("dataflows").get(0);
            assertThat(bg.get("state").asText()).isEqualTo("running");
            JsonNode counter = node(bg, "counter");
            JsonNode printer = node(bg, "printer");
            assertThat(counter.get("out_per_second").asDouble()).as(top.out()).isCloseTo(expected,
                    within(expected * 0.2));
            assertThat(counter.get("outputs").get(0).get("per_second").asDouble()).isCloseTo(expected,
                    within(expected * 0.2));
            JsonNode count = input(printer, "count");
            assertThat(count.get("per_second").asDouble()).isCloseTo(expected, within(expected * 0.2));
            assertThat(count.get("source").asText()).isEqualTo("counter/count");
            assertThat(count.get("queue_depth").isIntegralNumber()).as("a queue of a node output").isTrue();
            assertThat(count.get("queue_depth").asLong()).isBetween(0L, 10L);
            assertThat(count.get("latency_p99_ms").asDouble()).isPositive()
                    .isGreaterThanOrEqualTo(count.get("latency_p50_ms").asDouble());
            assertThat(input(counter, "tick").get("queue_depth").isNull()).as("timers keep no queue").isTrue();
            assertThat(input(printer, "command").get("per_second").asDouble()).isZero();
            for (JsonNode node : List.of(counter, printer, node(bg, "remote"))) {
                assertThat(node.get("state").asText()).isEqualTo("running");
                assertThat(node.get("pid").asLong()).isPositive();
                assertThat(node.get("rss_bytes").asLong()).as("a JVM's resident memory").isGreaterThan(1 << 20);
                assertThat(node.get("cpu_percent").asDouble()).isGreaterThanOrEqualTo(0);
            }

            CliOutcome table = jdora("top", "fg", "--once", "--sort", "out", "--interval", "500ms");
            assertThat(table.exit()).as(table.err()).isZero();
            List<String> lines = table.outLines();
            assertThat(lines.get(0)).containsPattern("DATAFLOW\\s+NODE\\s+STATE\\s+PID\\s+CPU%\\s+RSS\\s+IN/s\\s+"
                    + "OUT/s▼\\s+QUEUE\\s+DROPS\\s+P50\\s+P99");
            assertThat(lines.get(1)).as("sorted by messages out: the counter first").startsWith("fg")
                    .containsPattern("counter\\s+running\\s+\\d+");
            assertThat(table.out()).containsPattern("count ← counter/count").doesNotContain("bg ");

            CliOutcome typo = jdora("top", "gb", "--once");
            assertThat(typo.exit()).isEqualTo(Main.USER_ERROR);
            assertThat(typo.err()).contains("no dataflow 'gb' (did you mean 'bg'?)");
            typo.assertNoStackTrace();
            CliOutcome column = jdora("top", "--once", "--sort", "cpuu");
            assertThat(column.exit()).isEqualTo(Main.USER_ERROR);
            assertThat(column.err()).contains("unknown column 'cpuu' (did you mean 'cpu'?)");
        }
    }

    @Test
    void helpOfTheNewCommands() {
        for (String command : List.of("top", "ui")) {
            CliOutcome help = jdora(command, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("Usage: jdora " + command);
        }
        assertThat(jdora("top", "--help").out()).contains("--once").contains("--json").contains("--sort")
                .contains("--interval").contains("cpu, rss, in, out");
        assertThat(jdora("ui", "--help").out()).contains("--port").contains("127.0.0.1").contains("403");
        assertThat(jdora("graph", "--help").out()).contains("--live");
        CliOutcome none = jdora("ui", "nothing-runs");
        assertThat(none.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(none.err()).contains("no dataflow 'nothing-runs'");
    }

    private static JsonNode node(JsonNode dataflow, String id) {
        return StreamSupport.stream(dataflow.get("nodes").spliterator(), false)
                .filter(n -> n.get("node").asText().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode input(JsonNode node, String id) {
        return StreamSupport.stream(node.get("inputs").spliterator(), false)
                .filter(n -> n.get("input").asText().equals(id)).findFirst().orElseThrow();
    }
}
