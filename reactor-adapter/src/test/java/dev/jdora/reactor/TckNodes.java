package dev.jdora.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Metadata;
import dev.jdora.core.StopCause;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.internal.BoundInput;
import dev.jdora.core.internal.InJvmTransport;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.NodeContexts;
import dev.jdora.core.internal.StartBarrier;
import dev.jdora.core.internal.WakeSignal;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ValueVector;

/**
 * Nodes for the Reactive Streams TCK, over one in-JVM transport and allocator: a node whose event stream has exactly
 * {@code n} events ({@code n - 2} inputs, {@code InputClosed}, {@code Stop}; for {@code n = 1} a node without
 * inputs that is stopped). {@link #close()} closes every node made and checks that no Arrow memory is left.
 * Any thread may make nodes; {@code close()} from the test thread after the rule.
 */
final class TckNodes implements AutoCloseable {

    private final RootAllocator allocator = new RootAllocator();
    private final InJvmTransport transport = new InJvmTransport(allocator);
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private int made;

    RootAllocator allocator() {
        return allocator;
    }

    /** The context of a node whose events are exactly {@code elements} long; at least 1. */
    synchronized NodeContext context(long elements) {
        if (elements < 1) {
            throw new IllegalArgumentException("an event stream always ends with Stop: at least 1 event");
        }
        String id = "n" + made++;
        WakeSignal signal = new WakeSignal();
        if (elements == 1) {
            NodeContext context = new NodeContext(id, List.of(), Map.of(), allocator, StartBarrier.open(), signal);
            context.deliver(new Event.Stop(StopCause.MANUAL));
            return context;
        }
        ChannelId source = new ChannelId("src" + id, "out");
        int inputs = Math.toIntExact(elements - 2);
        InputReader reader = transport.subscribe(source, new InputOptions(Math.max(1, inputs),
                QueuePolicy.BACKPRESSURE), signal::wake);
        OutputWriter writer = transport.createOutput(source);
        try {
            for (int i = 0; i < inputs; i++) {
                try (ValueVector v = Data.longs(allocator, i)) {
                    writer.send(v, Metadata.of(Timestamp.ZERO));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        writer.close();
        return new NodeContext(id, List.of(new BoundInput("in", source.nodeId(), false, reader, Optional.empty())),
                Map.of(), allocator, StartBarrier.open(), signal);
    }

    /** A reactive node over {@link #context(long)}, closed by {@link #close()}. */
    ReactorNode reactor(long elements) {
        return track(ReactorNode.of(NodeContexts.open(context(elements))));
    }

    /** A reactive node with output {@code out} (read by a lossy reader that nobody reads), closed by close(). */
    synchronized ReactorNode sender() {
        String id = "s" + made++;
        ChannelId out = new ChannelId(id, "out");
        transport.subscribe(out, new InputOptions(1, QueuePolicy.DROP_OLDEST), () -> { });
        NodeContext context = new NodeContext(id, List.of(), Map.of("out", transport.createOutput(out)), allocator,
                StartBarrier.open(), new WakeSignal());
        return track(ReactorNode.of(NodeContexts.open(context)));
    }

    <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        transport.close();
        TestWiring.awaitNoJdoraThreads();
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory still allocated after the rule").isZero();
        allocator.close();
    }
}
