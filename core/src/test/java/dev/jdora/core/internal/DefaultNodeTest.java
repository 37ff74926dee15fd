package dev.jdora.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Metadata;
import dev.jdora.core.Node;
import dev.jdora.core.StopCause;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pull API over the in-JVM transport, without a runtime. */
@Timeout(10)
class DefaultNodeTest {

    private final BufferAllocator root = new RootAllocator();
    private final InJvmTransport transport = new InJvmTransport(root);
    private final OutputWriter upstream = transport.createOutput(new ChannelId("src", "out"));
    private final WakeSignal signal = new WakeSignal();
    private final InputReader reader = transport.subscribe(new ChannelId("src", "out"),
            new InputOptions(10, QueuePolicy.BACKPRESSURE), signal::wake);
    private final OutputWriter out = transport.createOutput(new ChannelId("n", "out"));
    private final NodeContext context = new NodeContext("n",
            List.of(new BoundInput("in", "src", false, reader, Optional.empty())), Map.of("out", out), root,
            StartBarrier.open(), signal);

    @AfterEach
    void noLeaks() {
        transport.close();
        assertThat(root.getAllocatedMemory()).isZero();
        root.close();
    }

    private void send(long value) throws InterruptedException {
        try (var v = Data.longs(root, value)) {
            upstream.send(v, Metadata.of(Timestamp.ZERO));
        }
    }

    @Test
    void sendingOnAnUndeclaredOutputNamesTheNodeAndTheOutput() {
        try (Node node = NodeContexts.open(context)) {
            assertThatThrownBy(() -> node.sendLongs("nope", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("node 'n'").hasMessageContaining("output 'nope'")
                    .hasMessageContaining("[out]");
        }
    }

    @Test
    void theLoopEndsAfterStopAndNextReturnsEndOfStream() throws Exception {
        send(1);
        upstream.close();
        try (Node node = NodeContexts.open(context)) {
            StringBuilder seen = new StringBuilder();
            for (Event e : node) {
                seen.append(e.getClass().getSimpleName()).append(' ');
            }
            assertThat(seen.toString()).isEqualTo("Input InputClosed Stop ");
            assertThat(node.isEndOfStream()).isTrue();
            assertThat(node.next()).isEmpty();
        }
    }

    @Test
    void nextWithATimeoutReturnsEmptyWithoutEndingTheStream() {
        try (Node node = NodeContexts.open(context)) {
            assertThat(node.next(Duration.ofMillis(20))).isEmpty();
            assertThat(node.isEndOfStream()).isFalse();
            context.deliver(new Event.Stop(StopCause.MANUAL));
            assertThat(node.next(Duration.ofSeconds(5))).contains(new Event.Stop(StopCause.MANUAL));
            assertThat(node.isEndOfStream()).isTrue();
        }
    }

    @Test
    void anInputIsReleasedAtTheNextEventUnlessItsDataWasTaken() throws Exception {
        send(41);
        send(42);
        try (Node node = NodeContexts.open(context)) {
            Event.Input first = (Event.Input) node.next().orElseThrow();
            ValueVector kept = first.takeData();
            Event.Input second = (Event.Input) node.next().orElseThrow();
            node.next(Duration.ofMillis(1));
            assertThat(second.data().getValueCount()).isZero();
            assertThat(Data.toLongs(kept)).containsExactly(41);
            kept.close();
        }
    }

    @Test
    void fromEnvOutsideJdoraIsAClearError() {
        assertThatThrownBy(Node::fromEnv).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jdora run");
    }

    @Test
    void aContextCanBeTakenOnce() {
        try (Node node = NodeContexts.open(context)) {
            assertThatThrownBy(() -> NodeContexts.open(context)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("node 'n'");
        }
    }
}
