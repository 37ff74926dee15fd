package dev.jdora.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.StopCause;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OperatorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void anOperatorReturningStopAfterThreeInputsIsFedNoMore() {
        try (var harness = NodeTestHarness.forNode("doubler").input("n").output("doubled").build()) {
            int[] seen = {0};
            harness.operator((event, outputs) -> {
                if (event instanceof Event.Input in) {
                    outputs.sendLongs("doubled", Data.toLongs(in.data())[0] * 2);
                    return ++seen[0] == 3 ? OperatorStatus.STOP : OperatorStatus.CONTINUE;
                }
                return OperatorStatus.CONTINUE;
            });
            for (long i = 1; i <= 5; i++) {
                harness.sendLongs("n", i);
            }

            List<Captured> out = harness.awaitOutputs("doubled", 3, WAIT);
            assertThat(out).extracting(c -> c.longs()[0]).containsExactly(2L, 4L, 6L);
            assertThat(harness.awaitTermination(WAIT).isCompleted()).isTrue();
            assertThat(harness.operatorStatus()).contains(OperatorStatus.STOP);
            assertThat(harness.stopAllRequested()).isFalse();
            assertThat(seen[0]).isEqualTo(3);
        }
    }

    @Test
    void stopAllIsRecordedAndEndsWithAStopManual() {
        try (var harness = NodeTestHarness.forNode("killer").input("in").output("events").build()) {
            harness.operator((event, outputs) -> {
                outputs.sendString("events", event.getClass().getSimpleName()
                        + (event instanceof Event.Stop stop ? ":" + stop.cause() : ""));
                return event instanceof Event.Input ? OperatorStatus.STOP_ALL : OperatorStatus.CONTINUE;
            });
            harness.sendString("in", "go");

            List<Captured> out = harness.awaitOutputs("events", 2, WAIT);
            assertThat(out).extracting(Captured::string).containsExactly("Input", "Stop:" + StopCause.MANUAL);
            assertThat(harness.awaitTermination(WAIT).isCompleted()).isTrue();
            assertThat(harness.stopAllRequested()).isTrue();
            assertThat(harness.operatorStatus()).contains(OperatorStatus.STOP_ALL);
        }
    }
}
