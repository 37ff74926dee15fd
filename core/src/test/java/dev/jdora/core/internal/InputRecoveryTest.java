package dev.jdora.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The order of {@code InputClosed}, {@code InputRecovered}, {@code NodeRestarted} around an input that went quiet. */
@Timeout(10)
class InputRecoveryTest {

    private final BufferAllocator root = new RootAllocator();
    private final InJvmTransport transport = new InJvmTransport(root);
    private final OutputWriter quiet = transport.createOutput(new ChannelId("src", "out"));
    private final OutputWriter other = transport.createOutput(new ChannelId("other", "out"));
    private final WakeSignal signal = new WakeSignal();
    private final InputReader quietReader = transport.subscribe(new ChannelId("src", "out"),
            new InputOptions(10, QueuePolicy.BACKPRESSURE), signal::wake);
    private final InputReader otherReader = transport.subscribe(new ChannelId("other", "out"),
            new InputOptions(10, QueuePolicy.BACKPRESSURE), signal::wake);
    private final NodeContext context = new NodeContext("n", List.of(
            new BoundInput("in", "src", false, quietReader, Optional.of(Duration.ofMillis(50))),
            new BoundInput("keep", "other", false, otherReader, Optional.empty())), Map.of(), root,
            StartBarrier.open(), signal);

    @AfterEach
    void noLeaks() {
        transport.close();
        assertThat(root.getAllocatedMemory()).isZero();
        root.close();
    }

    private static void send(OutputWriter writer, BufferAllocator allocator, long value) throws InterruptedException {
        try (var v = Data.longs(allocator, value)) {
            writer.send(v, Metadata.of(Timestamp.ZERO));
        }
    }

    private static String describe(Event e) {
        if (e instanceof Event.Input in) {
            return "Input(" + in.id() + "=" + ((BigIntVector) in.data()).get(0) + ")";
        }
        if (e instanceof Event.InputClosed c) {
            return "InputClosed(" + c.id() + ")";
        }
        if (e instanceof Event.InputRecovered r) {
            return "InputRecovered(" + r.id() + ")";
        }
        if (e instanceof Event.NodeRestarted r) {
            return "NodeRestarted(" + r.nodeId() + ")";
        }
        return e.toString();
    }

    @Test
    void anInputClosedByItsTimeoutIsRecoveredRightBeforeItsNextData() throws Exception {
        List<String> seen = new ArrayList<>();
        try (Node node = NodeContexts.open(context)) {
            send(quiet, root, 1);
            seen.add(describe(node.next().orElseThrow()));
            seen.add(describe(node.next().orElseThrow())); // the timeout passes while the node waits here
            send(quiet, root, 2);
            seen.add(describe(node.next().orElseThrow()));
            seen.add(describe(node.next().orElseThrow())); // the data is still lent after InputRecovered
            context.deliver(new Event.NodeRestarted("src"));
            seen.add(describe(node.next().orElseThrow()));
            seen.add(describe(node.next().orElseThrow()));
            send(quiet, root, 3);
            seen.add(describe(node.next().orElseThrow()));
            seen.add(describe(node.next().orElseThrow()));
            quiet.close();
            other.close();
            while (!node.isEndOfStream()) {
                node.next().map(InputRecoveryTest::describe).ifPresent(seen::add);
            }
        }
        assertThat(seen).containsExactly("Input(in=1)", "InputClosed(in)", "InputRecovered(in)", "Input(in=2)",
                "NodeRestarted(src)", "InputClosed(in)", "InputRecovered(in)", "Input(in=3)", "InputClosed(in)",
                "InputClosed(keep)", "Stop[cause=" + StopCause.ALL_INPUTS_CLOSED + "]");
    }

    @Test
    void anInputThatTimedOutAndWhoseSourceEndedIsNotClosedTwice() throws Exception {
        List<String> seen = new ArrayList<>();
        try (Node node = NodeContexts.open(context)) {
            seen.add(describe(node.next().orElseThrow()));
            quiet.close();
            other.close();
            while (!node.isEndOfStream()) {
                node.next().map(InputRecoveryTest::describe).ifPresent(seen::add);
            }
        }
        assertThat(seen).containsExactly("InputClosed(in)", "InputClosed(keep)",
                "Stop[cause=" + StopCause.ALL_INPUTS_CLOSED + "]");
    }
}
