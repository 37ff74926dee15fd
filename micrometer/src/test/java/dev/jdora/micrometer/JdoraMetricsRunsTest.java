package dev.jdora.micrometer;

import static dev.jdora.micrometer.ProcessRuns.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two runs of one dataflow in one registry: each has meters of its own (tag {@code run}), removed by its binding. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdoraMetricsRunsTest {

    @TempDir
    Path dir;

    @Test
    void eachRunHasItsOwnMetersAndClosingItsBindingRemovesThem() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        DataflowRun first = run(10);
        DataflowRun second = run(20);

        try (JdoraMetrics.Binding firstMeters = JdoraMetrics.forRun(first.statistics()).bind(registry);
             JdoraMetrics.Binding secondMeters = JdoraMetrics.forRun(second.statistics()).bind(registry)) {
            assertThat(sent(registry, first)).isEqualTo(10);
            assertThat(sent(registry, second)).as("not the first run's meter").isEqualTo(20);
            assertThat(firstMeters.meters()).hasSize(6).doesNotContainAnyElementsOf(secondMeters.meters());

            firstMeters.close();
            assertThat(registry.find("jdora.output.sent").tag("run", first.id()).meters()).isEmpty();
            assertThat(registry.find("jdora.input.received").tag("run", first.id()).meters()).isEmpty();
            assertThat(sent(registry, second)).isEqualTo(20);
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    private DataflowRun run(int count) throws Exception {
        Path file = Files.writeString(dir.resolve("twice.yml"), "nodes:\n"
                + node("source", MetricsNodes.Producer.class, "outputs: [out]", "env: {COUNT: " + count + "}")
                + node("sink", MetricsNodes.Sink.class, "inputs:",
                        "  in: {source: source/out, queue_policy: backpressure}"));
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("injvm")
                .withLogDir(dir.resolve("out")).withConsole(false));
        ProcessRuns.finish(run);
        return run;
    }

    private static double sent(MeterRegistry registry, DataflowRun run) {
        return registry.get("jdora.output.sent").tags("dataflow", "twice", "run", run.id(), "node", "source")
                .functionCounter().count();
    }
}
