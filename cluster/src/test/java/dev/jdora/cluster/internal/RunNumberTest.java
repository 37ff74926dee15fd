package dev.jdora.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream ids of a run's edges do not repeat those of an earlier coordinator's runs. */
class RunNumberTest {

    @TempDir
    Path dir;

    @Test
    void twoCoordinatorsNumberTheirFirstRunsDifferently() throws Exception {
        Path file = dir.resolve("one.yml");
        Files.writeString(file, """
                nodes:
                  - id: source
                    class: dev.jdora.cluster.ClusterTestNodes$Source
                    outputs: [seq]
                """);
        CoordinatorToDaemon.StartPart first = firstStart(file);
        CoordinatorToDaemon.StartPart second = firstStart(file);
        assertThat(first.runNumber()).isNotEqualTo(second.runNumber()).isBetween(1, MachinePlan.MAX_RUN_NUMBER);
    }

    @Test
    void runNumbersWrapBeforeAStreamIdOverflows() {
        assertThat(MachinePlan.nextRunNumber(MachinePlan.MAX_RUN_NUMBER)).isEqualTo(1);
        assertThat(MachinePlan.nextRunNumber(0)).isEqualTo(1);
        assertThat((long) MachinePlan.MAX_RUN_NUMBER * 4096 + 4095).isLessThanOrEqualTo(Integer.MAX_VALUE);
    }

    /** The start command a new coordinator sends its only machine for its first run. */
    static CoordinatorToDaemon.StartPart firstStart(Path dataflow) throws Exception {
        CoordinatorState state = new CoordinatorState(Duration.ofSeconds(1));
        try {
            state.handle("POST", "/v1/daemons/register", null,
                    Json.write(new DaemonToCoordinator.Register("a", "127.0.0.1:1")));
            CoordinatorState.Answer started = state.handle("POST", "/v1/runs", null,
                    Json.write(new UserToCoordinator.StartRun(dataflow.toString(), "", 0)));
            assertThat(started.status()).as(new String(Json.write(started.body()), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            CoordinatorToDaemon.Batch batch = (CoordinatorToDaemon.Batch) state.handle("GET",
                    "/v1/daemons/a/commands", "after=0", new byte[0]).body();
            return (CoordinatorToDaemon.StartPart) batch.commands().get(0);
        } finally {
            state.close();
        }
    }
}
