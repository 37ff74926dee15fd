package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The line that says a run has started. */
class RunStartTest {

    @Test
    void theReadyLineSaysTheRunTheNodesTheTimeAndTheLogs() {
        assertThat(RunStart.readyLine("20250102-030405-abcd", 3, Duration.ofMillis(1449),
                Path.of("out", "20250102-030405-abcd")))
                .isEqualTo("run 20250102-030405-abcd: 3 nodes ready in 1.4 s, logs in out/20250102-030405-abcd");
        assertThat(RunStart.readyLine("r", 1, Duration.ofMillis(50), Path.of("out/r")))
                .isEqualTo("run r: 1 node ready in 0.1 s, logs in out/r");
    }
}
