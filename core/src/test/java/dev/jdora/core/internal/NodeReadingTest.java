package dev.jdora.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.StopCause;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.OutputWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When a node counts at the start barrier (it reads, not when it opens its node), {@code stopAll()}, and how a
 * timer-only node ends when its timers close. Each node here has a barrier of its own with one more party (the
 * daemon's start), so that it stays closed and what the node counts is visible.
 */
@Timeout(10)
class NodeReadingTest {

    private final BufferAllocator root = new RootAllocator();
    private final InJvmTransport transport = new InJvmTransport(root);
    private final StartBarrier barrier = new StartBarrier(2);
    private final AtomicInteger readingCalls = new AtomicInteger();

    @AfterEach
    void noLeaks() {
        transport.close();
        assertThat(root.getAllocatedMemory()).isZero();
        root.close();
    }

    private NodeContext context(String nodeId, boolean timer, String... inputs) {
        WakeSignal signal = new WakeSignal();
        List<BoundInput> bound = new ArrayList<>();
        for (String input : inputs) {
            bound.add(new BoundInput(input, "src", timer, transport.subscribe(new ChannelId("src", input),
                    nodeId + "/" + input, new InputOptions(10, QueuePolicy.DROP_OLDEST), signal::wake),
                    Optional.empty()));
        }
        OutputWriter out = transport.createOutput(new ChannelId(nodeId, "out"));
        NodeContext context = new NodeContext(nodeId, bound, Map.of("out", out), root, barrier, signal);
        context.whenReading(readingCalls::incrementAndGet);
        return context;
    }

    /** Counts at a barrier of one (the node alone) whether the node has arrived. */
    private boolean arrived() throws InterruptedException {
        barrier.arrive(); // the daemon's part
        return barrier.await(0);
    }

    @Test
    void openingANodeWithInputsDoesNotCountItsFirstNextDoes() throws Exception {
        NodeContext context = context("n", false, "in");
        try (Node node = NodeContexts.open(context)) {
            assertThat(context.isReading()).as("opened, not reading yet").isFalse();
            assertThat(node.next(Duration.ZERO)).isEmpty();
            assertThat(context.isReading()).isTrue();
            assertThat(node.next(Duration.ZERO)).isEmpty();
            assertThat(arrived()).isTrue();
            assertThat(readingCalls).hasValue(1);
        }
    }

    @Test
    void aNodeWithoutInputsCountsWhenOpened() throws Exception {
        NodeContext context = context("n", false);
        try (Node node = NodeContexts.open(context)) {
            assertThat(context.isReading()).isTrue();
            assertThat(arrived()).isTrue();
        }
    }

    @Test
    void aNodeThatSendsBeforeItReadsCountsAtItsFirstSend() throws Exception {
        NodeContext context = context("n", false, "in");
        try (Node node = NodeContexts.open(context)) {
            node.sendLongs("out", 1);
            assertThat(context.isReading()).isTrue();
            assertThat(arrived()).isTrue();
        }
    }

    @Test
    void aNodeClosedWithoutReadingCountsSoItHoldsNobody() throws Exception {
        NodeContext context = context("n", false, "in");
        NodeContexts.open(context).close();
        assertThat(arrived()).isTrue();
    }

    @Test
    void aHostCountsOnceEveryOperatorReads() throws Exception {
        NodeContext host = context("host", false, "in");
        NodeContext first = host.derive(host.inputs(), Map.of());
        NodeContext second = host.derive(List.of(), Map.of());
        try (Node a = NodeContexts.open(first); Node b = NodeContexts.open(second)) {
            assertThat(host.isTaken()).isTrue();
            assertThat(second.isReading()).as("an operator without inputs reads once opened").isTrue();
            assertThat(host.isReading()).isFalse();
            a.next(Duration.ZERO);
            assertThat(host.isReading()).isTrue();
            assertThat(arrived()).isTrue();
            assertThat(readingCalls).hasValue(1);
        }
    }

    @Test
    void stopAllAsksTheRuntimeToStopTheDataflow() {
        NodeContext context = context("n", false, "in");
        AtomicInteger asked = new AtomicInteger();
        context.whenStopAll(asked::incrementAndGet);
        try (Node node = NodeContexts.open(context)) {
            node.stopAll();
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void aNodeFedOnlyByTimersStopsWhenTheyHaveAllClosed() throws Exception {
        OutputWriter fast = transport.createOutput(new ChannelId("src", "fast"));
        OutputWriter slow = transport.createOutput(new ChannelId("src", "slow"));
        NodeContext context = context("n", true, "fast", "slow");
        barrier.arrive();
        try (Node node = NodeContexts.open(context)) {
            fast.close();
            assertThat(node.next(Duration.ofSeconds(5))).contains(new Event.InputClosed("fast"));
            assertThat(node.next(Duration.ofMillis(20))).as("one timer still open").isEmpty();
            slow.close();
            assertThat(node.next(Duration.ofSeconds(5))).contains(new Event.InputClosed("slow"));
            assertThat(node.next(Duration.ofSeconds(5))).contains(new Event.Stop(StopCause.ALL_INPUTS_CLOSED));
        }
    }
}
