package dev.jdora.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Node;
import dev.jdora.core.OutputBuffer;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Node.allocate}: a lent buffer sent on a node's output, over the in-JVM transport. */
@Timeout(10)
class NodeAllocateTest {

    private final BufferAllocator root = new RootAllocator();
    private final InJvmTransport transport = new InJvmTransport(root);
    private final OutputWriter out = transport.createOutput(new ChannelId("n", "out"));
    private final InputReader downstream = transport.subscribe(new ChannelId("n", "out"),
            new InputOptions(10, QueuePolicy.BACKPRESSURE), () -> { });
    private final NodeContext context = new NodeContext("n", List.of(), Map.of("out", out), root,
            StartBarrier.open(), new WakeSignal());

    @AfterEach
    void noLeaks() {
        downstream.close();
        transport.close();
        assertThat(root.getAllocatedMemory()).isZero();
        root.close();
    }

    @Test
    void aFilledBufferArrivesAsBytesWithItsParametersAndTheNodesTimestamp() {
        try (Node node = NodeContexts.open(context)) {
            try (OutputBuffer frame = node.allocate("out", 1000)) {
                assertThat(frame.outputId()).isEqualTo("out");
                assertThat(frame.length()).isEqualTo(1000);
                for (int i = 0; i < 1000; i++) {
                    frame.buffer().setByte(i, i);
                }
                frame.send(Map.of("width", 10L));
            }
            Received received = downstream.poll(root);
            assertThat(received).isNotNull();
            try (UInt1Vector data = (UInt1Vector) received.data()) {
                assertThat(data.getValueCount()).isEqualTo(1000);
                assertThat(data.getNullCount()).isZero();
                assertThat(data.get(999)).isEqualTo((byte) 999);
            }
            assertThat(received.metadata().parameters()).containsEntry("width", 10L);
            assertThat(received.metadata().timestamp().nanos()).isPositive();
        }
    }

    @Test
    void allocatingOnAnUndeclaredOutputNamesTheNodeAndTheOutput() {
        try (Node node = NodeContexts.open(context)) {
            assertThatThrownBy(() -> node.allocate("nope", 8))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("node 'n'").hasMessageContaining("output 'nope'");
        }
    }

    @Test
    void aBadParameterOrAnEndedOutputFailsTheSendAndReleasesTheBuffer() {
        try (Node node = NodeContexts.open(context)) {
            OutputBuffer bad = node.allocate("out", 64);
            assertThatThrownBy(() -> bad.send(Map.of("what", new Object())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("what");
            assertThat(root.getAllocatedMemory()).as("memory after a send refused for its parameters").isZero();
            OutputBuffer late = node.allocate("out", 64);
            out.close();
            assertThatThrownBy(late::send).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("node 'n'").hasMessageContaining("output 'out' is closed");
            assertThat(root.getAllocatedMemory()).as("memory after a send on an ended output").isZero();
            assertThatThrownBy(() -> node.allocate("out", 64)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("output 'out' is closed");
            assertThat(downstream.poll(root)).as("nothing was sent").isNull();
        }
    }
}
