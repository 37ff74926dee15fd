package dev.jdora.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

@Timeout(10)
class FailureTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aFailingNodeReportsItsExceptionAndFailsItsOutputs() {
        var boom = new IllegalStateException("camera unplugged");
        try (var harness = NodeTestHarness.forNode("camera").input("tick").output("image").build()) {
            harness.start(node -> {
                for (Event event : node) {
                    if (event instanceof Event.Input) {
                        throw boom;
                    }
                }
            });
            harness.sendString("tick", "x");

            NodeOutcome outcome = harness.awaitTermination(WAIT);
            assertThat(outcome).isInstanceOf(NodeOutcome.Failed.class);
            assertThat(((NodeOutcome.Failed) outcome).error()).isSameAs(boom);
            StepVerifier.create(harness.outputs("image"))
                    .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("camera unplugged"))
                    .verify(WAIT);
        }
    }

    @Test
    void aNodeStillRunningIsReportedAsRunning() {
        try (var harness = NodeTestHarness.forNode("idle").input("in").build()) {
            harness.start(node -> node.forEach(event -> { }));
            assertThat(harness.awaitTermination(Duration.ofMillis(20))).isEqualTo(new NodeOutcome.Running());
            harness.stop();
            assertThat(harness.awaitTermination(WAIT)).isEqualTo(new NodeOutcome.Completed());
        }
    }

    @Test
    void failInputDeliversNodeFailedBeforeInputClosed() {
        try (var harness = NodeTestHarness.forNode("sink").input("a").input("b").output("seen").build()) {
            harness.start(node -> {
                for (Event event : node) {
                    node.sendString("seen", describe(event));
                }
            });
            harness.sendString("a", "last words");
            harness.failInput("a", "upstream crashed");

            List<Captured> seen = harness.awaitOutputs("seen", 3, WAIT);
            assertThat(seen).extracting(Captured::string).containsExactly(
                    "Input(a)", "NodeFailed(harness-a [a]: upstream crashed)", "InputClosed(a)");

            harness.closeInput("b");
            assertThat(harness.awaitOutputs("seen", 2, WAIT)).extracting(Captured::string)
                    .containsExactly("InputClosed(b)", "Stop(ALL_INPUTS_CLOSED)");
            assertThat(harness.awaitTermination(WAIT).isCompleted()).isTrue();
        }
    }

    @Test
    void restartSourceDeliversNodeRestartedAndTheInputStaysOpen() {
        try (var harness = NodeTestHarness.forNode("sink").input("a").output("seen").build()) {
            harness.start(node -> {
                for (Event event : node) {
                    node.sendString("seen", describe(event));
                }
            });
            harness.sendString("a", "before");
            assertThat(harness.awaitOutputs("seen", 1, WAIT)).extracting(Captured::string).containsExactly("Input(a)");
            harness.restartSource("camera");
            assertThat(harness.awaitOutputs("seen", 1, WAIT)).extracting(Captured::string)
                    .containsExactly("NodeRestarted(camera)");
            harness.sendString("a", "after");
            harness.closeInput("a");
            assertThat(harness.awaitOutputs("seen", 3, WAIT)).extracting(Captured::string)
                    .containsExactly("Input(a)", "InputClosed(a)", "Stop(ALL_INPUTS_CLOSED)");
            assertThat(harness.awaitTermination(WAIT).isCompleted()).isTrue();
        }
    }

    private static String describe(Event event) {
        if (event instanceof Event.Input in) {
            return "Input(" + in.id() + ")";
        }
        if (event instanceof Event.NodeFailed failed) {
            return "NodeFailed(" + failed.sourceNodeId() + " " + failed.affectedInputIds() + ": " + failed.error()
                    + ")";
        }
        if (event instanceof Event.NodeRestarted restarted) {
            return "NodeRestarted(" + restarted.nodeId() + ")";
        }
        if (event instanceof Event.InputClosed closed) {
            return "InputClosed(" + closed.id() + ")";
        }
        if (event instanceof Event.Stop stop) {
            return "Stop(" + stop.cause() + ")";
        }
        return event.toString();
    }
}
