package dev.jdora.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Metadata;
import dev.jdora.core.Node;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ValueVector;

/**
 * One node {@code n} wired over the in-JVM transport, without a runtime: input {@code in} reads channel
 * {@code src/out} (written by the test through {@link #source()}), output {@code out} writes channel {@code n/out}.
 * {@link #close()} closes everything and checks for leaks: no Arrow memory left, no jdora thread left.
 */
final class TestWiring implements AutoCloseable {

    static final String NODE = "n";
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final RootAllocator allocator = new RootAllocator();
    private final InJvmTransport transport = new InJvmTransport(allocator);
    private final HybridLogicalClock sourceClock = new HybridLogicalClock();
    private final OutputWriter source = transport.createOutput(new ChannelId("src", "out"));
    private final NodeContext context;
    private final ReactorNode reactor;

    private TestWiring(InputOptions options) {
        WakeSignal signal = new WakeSignal();
        InputReader reader = transport.subscribe(new ChannelId("src", "out"), options, signal::wake);
        OutputWriter out = transport.createOutput(new ChannelId(NODE, "out"));
        context = new NodeContext(NODE, List.of(new BoundInput("in", "src", false, reader, Optional.empty())),
                Map.of("out", out), allocator, StartBarrier.open(), signal);
        Node node = NodeContexts.open(context);
        reactor = ReactorNode.of(node);
    }

    /** Node {@code n} with input {@code in} (the given queue) and output {@code out}. */
    static TestWiring create(QueuePolicy policy, int queueSize) {
        return new TestWiring(new InputOptions(queueSize, policy));
    }

    RootAllocator allocator() {
        return allocator;
    }

    NodeContext context() {
        return context;
    }

    ReactorNode reactor() {
        return reactor;
    }

    Node node() {
        return reactor.node();
    }

    OutputWriter source() {
        return source;
    }

    /** Subscribes a reader to the node's output {@code out}; poll it with {@link #drain}. */
    InputReader subscribeToOutput(int queueSize, QueuePolicy policy) {
        return transport.subscribe(new ChannelId(NODE, "out"), new InputOptions(queueSize, policy), () -> { });
    }

    /** Writes a one-element int64 array on {@code src/out}; blocks on a full backpressure queue. */
    void write(long value) {
        try (ValueVector vector = Data.longs(allocator, value)) {
            writeVector(vector);
        }
    }

    /** Writes a one-element UTF-8 array on {@code src/out}. */
    void write(String value) {
        try (ValueVector vector = Data.utf8(allocator, value)) {
            writeVector(vector);
        }
    }

    /** Writes {@code vector} (still owned by the caller) on {@code src/out}. */
    void writeVector(ValueVector vector) {
        try {
            source.send(vector, Metadata.of(sourceClock.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        }
    }

    /** Ends {@code src/out}: the node sees {@code InputClosed(in)} then {@code Stop(ALL_INPUTS_CLOSED)}. */
    void endSource() {
        source.close();
    }

    /** Reads {@code count} int64 values from {@code reader}, polling until the deadline; closes what it reads. */
    List<Long> drain(InputReader reader, int count) {
        List<Long> values = new java.util.ArrayList<>(count);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (values.size() < count) {
            var received = reader.poll(allocator);
            if (received == null) {
                assertThat(System.nanoTime() - deadline).as("read %s of %s values", values.size(), count)
                        .isNegative();
                Thread.onSpinWait();
                continue;
            }
            try (ValueVector data = received.data()) {
                values.add(Data.toLongs(data)[0]);
            }
        }
        return values;
    }

    /** The value of an int64 or string {@code Input}, read while it is lent to {@code onNext}; other events as is. */
    static Object valueOf(Event event) {
        if (event instanceof Event.Input input) {
            ValueVector data = input.data();
            return data instanceof org.apache.arrow.vector.VarCharVector ? Data.string(data) : Data.toLongs(data)[0];
        }
        return event;
    }

    /** Polls {@code condition} until it holds, failing after {@link #DEADLINE}. Polling, not sleeping blindly. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** True if a thread whose name starts with {@code prefix} is alive. */
    static boolean threadAlive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
    }

    /** Waits until no {@code jdora-events-*} or {@code jdora-send-*} thread is left. */
    static void awaitNoJdoraThreads() {
        await("no jdora-events-* thread is left", () -> !threadAlive("jdora-events-"));
        await("no jdora-send-* thread is left", () -> !threadAlive("jdora-send-"));
    }

    /** Closes the node, the transport and the allocator; fails on leaked Arrow memory or threads. */
    @Override
    public void close() {
        reactor.close();
        source.close();
        transport.close();
        awaitNoJdoraThreads();
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory still allocated").isZero();
        allocator.close();
    }
}
