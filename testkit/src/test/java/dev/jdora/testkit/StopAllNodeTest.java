package dev.jdora.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Node.stopAll()} under the harness: recorded, and the node gets {@code Stop(MANUAL)} as in a dataflow. */
@Timeout(10)
class StopAllNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aNodeCallingStopAllIsRecordedAndGetsStopManual() {
        try (var harness = NodeTestHarness.forNode("sink").input("in").output("events").build()) {
            harness.start(node -> {
                for (Event event : node) {
                    node.sendString("events", event instanceof Event.Stop stop ? "Stop:" + stop.cause() : "Input");
                    if (event instanceof Event.Input) {
                        node.stopAll();
                    }
                }
            });
            harness.sendString("in", "go");

            List<Captured> out = harness.awaitOutputs("events", 2, WAIT);
            assertThat(out).extracting(Captured::string).containsExactly("Input", "Stop:MANUAL");
            assertThat(harness.awaitTermination(WAIT).isCompleted()).isTrue();
            assertThat(harness.stopAllRequested()).isTrue();
        }
    }
}
