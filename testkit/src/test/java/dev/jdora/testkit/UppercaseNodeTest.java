package dev.jdora.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;

@Timeout(10)
class UppercaseNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final NodeMain UPPERCASE = node -> {
        for (Event event : node) {
            if (event instanceof Event.Input in && in.id().equals("text")) {
                String suffix = in.metadata().parameter("suffix", String.class).orElse("");
                node.sendString("out", Data.string(in.data()).toUpperCase() + suffix);
            }
        }
    };

    private static NodeTestHarness harness() {
        return NodeTestHarness.forNode("upper").input("text").output("out").build();
    }

    @Test
    void upperCasesEachInputInOrderAndCompletesWhenItsInputCloses() {
        try (var harness = harness()) {
            harness.start(UPPERCASE);
            harness.sendString("text", "hello");
            harness.sendString("text", "world");
            harness.closeInput("text");

            StepVerifier.create(harness.outputs("out"))
                    .assertNext(c -> assertThat(c.string()).isEqualTo("HELLO"))
                    .assertNext(c -> assertThat(c.string()).isEqualTo("WORLD"))
                    .verifyComplete();
            assertThat(harness.awaitTermination(WAIT)).isEqualTo(new NodeOutcome.Completed());
        }
        LeakChecks.assertNoThreads("jdora-test-upper", WAIT);
    }

    @Test
    void demandIsHonouredAndParametersTravel() {
        try (var harness = harness();
             var text = Data.utf8("abc")) {
            harness.start(UPPERCASE);
            harness.send("text", text, Map.of("suffix", "!"));
            harness.send("text", text);
            assertThat(text.getValueCount()).as("the caller keeps its vector").isEqualTo(1);

            StepVerifier.create(harness.outputs("out"), 1)
                    .assertNext(c -> assertThat(c.string()).isEqualTo("ABC!"))
                    .expectNoEvent(Duration.ofMillis(50))
                    .thenRequest(1)
                    .assertNext(c -> assertThat(c.string()).isEqualTo("ABC"))
                    .thenCancel()
                    .verify(WAIT);
        }
    }

    @Test
    void runsAMainClassThatUsesNodeFromEnv() {
        try (var harness = harness()) {
            harness.startMain(UppercaseMain.class);
            harness.sendString("text", "from main");

            List<Captured> out = harness.awaitOutputs("out", 1, WAIT);
            assertThat(out.get(0).string()).isEqualTo("FROM MAIN");

            harness.stop();
            assertThat(harness.awaitTermination(WAIT).isCompleted()).isTrue();
        }
    }

    @Test
    void aNodeTheTestDrivesItself() {
        try (var harness = harness()) {
            harness.sendString("text", "self");
            try (Node node = harness.node()) {
                Event event = node.next(WAIT).orElseThrow();
                assertThat(event).isInstanceOf(Event.Input.class);
                node.sendString("out", Data.string(((Event.Input) event).data()).toUpperCase());
            }
            StepVerifier.create(harness.outputs("out"))
                    .assertNext(c -> assertThat(c.string()).isEqualTo("SELF"))
                    .verifyComplete();
        }
    }

    @Test
    void closeStopsANodeThatIsStillRunning() {
        var harness = harness();
        harness.start(UPPERCASE);
        harness.sendString("text", "never read back");
        harness.close();
        LeakChecks.assertNoThreads("jdora-test-upper", WAIT);
    }
}
