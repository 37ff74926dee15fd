package org.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.testkit.LeakChecks;
import dev.jdora.testkit.NodeOutcome;
import dev.jdora.testkit.NodeTestHarness;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** jdora-testkit in a project on the JUnit named by the system property {@code expectedJUnit}. */
@Timeout(30)
@ExtendWith(LeakChecks.class)
class TestkitConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void runsOnTheProjectsOwnJUnit() {
        assertEquals(System.getProperty("expectedJUnit"), Test.class.getPackage().getImplementationVersion());
    }

    @Test
    void drivesANodeWithTheHarnessAndGetsACheckedAllocator(BufferAllocator allocator) {
        try (var harness = NodeTestHarness.forNode("upper").input("text").output("out").build()) {
            harness.start(node -> {
                for (Event event : node) {
                    if (event instanceof Event.Input input) {
                        node.sendString("out", Data.string(input.data()).toUpperCase());
                    }
                }
            });
            harness.sendString("text", "junit");
            harness.closeInput("text");

            assertEquals("JUNIT", harness.awaitOutputs("out", 1, WAIT).get(0).string());
            assertEquals(new NodeOutcome.Completed(), harness.awaitTermination(WAIT));
        }
        try (var numbers = Data.longs(allocator, 1, 2, 3)) {   // LeakChecks fails the test if this leaked
            assertEquals(3, numbers.getValueCount());
        }
    }
}
