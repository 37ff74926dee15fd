package dev.jdora.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.stats.NodeState;
import dev.jdora.runtime.stats.NodeStatistics;
import dev.jdora.runtime.stats.ProcessUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows of {@code jdora top} between two samples of a run. */
class NodeRowTest {

    private static final RunAddress RUN = new RunAddress("r1", "flow", Path.of("flow.yml"), Path.of("out"),
            Path.of("run"), Path.of("run/control.sock"), 1, Instant.EPOCH, Duration.ofSeconds(10));

    @Test
    void theCpuOfANodeIsItsProcessTicksSinceTheLastSample() {
        List<NodeRow> rows = NodeRow.between(sample(0, 42, 100), sample(1, 42, 150));

        assertThat(rows).singleElement().satisfies(row -> assertThat(row.cpuPercent()).isPositive());
    }

    @Test
    void aNodeRestartedSinceTheLastSampleHasNoCpuRatherThanOneAgainstTheOldProcess() {
        List<NodeRow> rows = NodeRow.between(sample(0, 42, 10_000), sample(1, 43, 5));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.pid()).isEqualTo(43);
            assertThat(row.cpuPercent()).isNaN();
        });
    }

    private static RunSample sample(int second, long pid, long cpuTicks) {
        return new RunSample(RUN, Duration.ofSeconds(second).toNanos(), "running",
                List.of(new NodeStatistics("n", NodeState.RUNNING, pid, List.of(), List.of())),
                Map.of("n", "running"), Map.of("n", new ProcessUsage(cpuTicks, 1 << 20)));
    }
}
