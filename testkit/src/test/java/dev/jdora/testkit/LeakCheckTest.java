package dev.jdora.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Timeout(10)
@ExtendWith(LeakChecks.class)
class LeakCheckTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void harnessCloseFailsWhenTheNodeLeaksAVector() {
        var leaked = new AtomicReference<ValueVector>();
        var harness = NodeTestHarness.forNode("leaky").input("in").build();
        harness.start(node -> {
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    leaked.set(in.takeData());          // taken, never closed
                }
            }
        });
        harness.sendString("in", "keep me");
        harness.closeInput("in");
        assertThat(harness.awaitTermination(WAIT).isCompleted()).isTrue();

        assertThatThrownBy(harness::close)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("node 'leaky'")
                .hasMessageMatching("(?s).*: [1-9][0-9]* bytes still allocated.*")
                .hasMessageContaining("transport");
        leaked.get().close();
        LeakChecks.assertNoThreads("jdora-test-leaky", WAIT);
    }

    @Test
    void aCleanNodeClosesWithoutComplaint() {
        try (var harness = NodeTestHarness.forNode("clean").input("in").output("out").build()) {
            harness.start(node -> {
                for (Event event : node) {
                    if (event instanceof Event.Input in) {
                        try (ValueVector kept = in.takeData()) {
                            node.send("out", kept);
                        }
                    }
                }
            });
            harness.sendString("in", "x");
            assertThat(harness.awaitOutputs("out", 1, WAIT).get(0).string()).isEqualTo("x");
        }
    }

    @Test
    void theExtensionGivesACheckedAllocator(BufferAllocator allocator) {
        try (var v = Data.longs(allocator, 1, 2, 3)) {
            assertThat(allocator.getAllocatedMemory()).isPositive();
            assertThat(Data.toLongs(v)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void assertNoLeaksReportsOutstandingBytes() {
        var allocator = new RootAllocator();
        var v = Data.longs(allocator, 42);
        assertThatThrownBy(() -> LeakChecks.assertNoLeaks(allocator))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("bytes still allocated");
        v.close();
        LeakChecks.assertNoLeaks(allocator);
    }

    @Test
    void assertNoThreadsWaitsForThreadsToEndAndNamesSurvivors() throws InterruptedException {
        var release = new CountDownLatch(1);
        Thread straggler = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "leakcheck-straggler");
        straggler.start();
        assertThatThrownBy(() -> LeakChecks.assertNoThreads("leakcheck-", Duration.ofMillis(20)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("leakcheck-straggler");
        release.countDown();
        LeakChecks.assertNoThreads("leakcheck-", WAIT);
    }
}
