package __PACKAGE__;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdora.testkit.Captured;
import dev.jdora.testkit.NodeOutcome;
import dev.jdora.testkit.NodeTestHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each node on its own, driven by a NodeTestHarness: the test scripts its input events and reads what it sends.
 * Closing the harness fails the test if the node leaked Arrow memory or threads.
 */
@Timeout(30)
class NodesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void squareSendsTheSquareOfEachNumberAndEndsWhenItsInputCloses() {
        try (var harness = NodeTestHarness.forNode("square").input("number").output("square").build()) {
            harness.start(new Square());
            harness.sendLongs("number", 3);
            harness.sendLongs("number", 4);
            harness.closeInput("number");

            List<Captured> squares = harness.awaitOutputs("square", 2, WAIT);
            assertArrayEquals(new long[] {9}, squares.get(0).longs());
            assertArrayEquals(new long[] {16}, squares.get(1).longs());
            assertEquals(new NodeOutcome.Completed(), harness.awaitTermination(WAIT));
        }
    }

    @Test
    void counterSendsOneNumberPerTickAndEndsAfterTheLast() {
        try (var harness = NodeTestHarness.forNode("counter").timer("tick").output("number").build()) {
            harness.start(new Counter());
            for (int i = 0; i < 10; i++) {
                harness.tick("tick");
            }

            List<Captured> numbers = harness.awaitOutputs("number", 10, WAIT);
            assertArrayEquals(new long[] {1}, numbers.get(0).longs());
            assertArrayEquals(new long[] {10}, numbers.get(9).longs());
            assertEquals(new NodeOutcome.Completed(), harness.awaitTermination(WAIT));
        }
    }
}
