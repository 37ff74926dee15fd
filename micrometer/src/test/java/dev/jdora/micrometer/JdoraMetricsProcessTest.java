package dev.jdora.micrometer;

import static dev.jdora.micrometer.ProcessRuns.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.RunResult;
import dev.jdora.runtime.stats.InputStatistics;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The meters of a real run of processes over shared memory. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdoraMetricsProcessTest {

    @TempDir
    Path dir;

    private ProcessRuns runs;

    @BeforeEach
    void runsInTheTestDirectory() throws Exception {
        runs = new ProcessRuns(dir);
    }

    @AfterEach
    void nothingLeft() throws Exception {
        runs.assertNothingLeft();
    }

    private static double counter(MeterRegistry registry, String name, String node, String portKey, String port) {
        return registry.get(name).tags("dataflow", "metered", "node", node, portKey, port).functionCounter().count();
    }

    @Test
    void receivedEqualsSentAndDropsAreWhatTheRunCounted() throws Exception {
        DataflowRun run = runs.start("nodes:\n"
                + node("source", MetricsNodes.Producer.class, "outputs: [out]", "env: {COUNT: 20000}")
                + node("lossless", MetricsNodes.Sink.class, "inputs:",
                        "  in: {source: source/out, queue_policy: backpressure}")
                + node("lossy", MetricsNodes.Sink.class, "env: {DELAY_MICROS: 100}", "inputs:",
                        "  in: {source: source/out, queue_size: 2}"));
        MeterRegistry registry = new SimpleMeterRegistry();
        JdoraMetrics.forRun(run.statistics()).bindTo(registry);
        RunResult result = ProcessRuns.finish(run);

        assertThat(counter(registry, "jdora.output.sent", "source", "output", "out")).isEqualTo(20000);
        assertThat(counter(registry, "jdora.output.bytes", "source", "output", "out")).isGreaterThanOrEqualTo(
                20000.0 * Long.BYTES);
        assertThat(counter(registry, "jdora.input.received", "lossless", "input", "in")).isEqualTo(20000);
        assertThat(counter(registry, "jdora.input.dropped", "lossless", "input", "in")).isZero();

        double dropped = counter(registry, "jdora.input.dropped", "lossy", "input", "in");
        InputStatistics lossy = run.statistics().node("lossy").orElseThrow().inputs().get(0);
        assertThat(dropped).isPositive().isEqualTo((double) lossy.dropped())
                .isEqualTo((double) ProcessRuns.result(result, "lossy").dropped().get("in"));
        assertThat(counter(registry, "jdora.input.received", "lossy", "input", "in") + dropped).isEqualTo(20000);

        assertThat(registry.get("jdora.input.queue.depth").tags("node", "lossless").gauge().value()).isZero();
        FunctionTimer latency = registry.get("jdora.input.latency").tags("node", "lossless").functionTimer();
        assertThat(latency.count()).isEqualTo(20000);
        assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.find("jdora.input.received").tag("node", "source").meters()).isEmpty();
    }

    @Test
    void aNodeBinderHasOnlyThatNodesMetersAndAnUnknownNodeIsRefused() throws Exception {
        DataflowRun run = runs.start("nodes:\n"
                + node("source", MetricsNodes.Producer.class, "outputs: [out]", "env: {COUNT: 10}")
                + node("sink", MetricsNodes.Sink.class, "inputs:",
                        "  in: {source: source/out, queue_policy: backpressure}"));
        MeterRegistry registry = new SimpleMeterRegistry();
        JdoraMetrics.forNode(run.statistics(), "sink").bindTo(registry);
        assertThatThrownBy(() -> JdoraMetrics.forNode(run.statistics(), "sinc"))
                .hasMessage("no node 'sinc' in dataflow 'metered' (nodes: [source, sink])");
        ProcessRuns.finish(run);

        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("node")).isEqualTo("sink"));
        assertThat(counter(registry, "jdora.input.received", "sink", "input", "in")).isEqualTo(10);
    }
}
