package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    @Test
    void oneAlignedRowPerNodeWithStatusRestartsMessagesInOutAndDrops() {
        RunResult result = new RunResult("r1", List.of(
                new NodeResult("source", false, Optional.empty(), Map.of(), List.of(), 0, 0, 1200),
                new NodeResult("sink", true, Optional.of("boom"), Map.of("a", 7L, "b", 3L), List.of(), 2, 1190, 0)),
                Path.of("out"));

        assertThat(RunSummary.lines(result)).containsExactly(
                "node    status  restarts    in   out  dropped",
                "source  ok             0     0  1200        0",
                "sink    failed         2  1190     0       10");
    }
}
