package dev.jdora.bench.jmh;

import dev.jdora.core.Event;
import dev.jdora.core.Metadata;
import dev.jdora.core.Node;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.internal.BoundInput;
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
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pull API on top of the transport, one thread, no runtime: node {@code n} has input {@code in} reading channel
 * {@code src/out}. Per op one message is sent and {@code n.next()} returns it as an {@code Event.Input} (released at
 * the following {@code next()}, as in a node's loop).
 *
 * <ul>
 *   <li>{@link #writerSendNext}: the raw {@code OutputWriter.send} with one fixed {@code Metadata}, then
 *       {@code next()}: the event-dispatch cost on top of {@code TransportBenchmark.roundTrip};</li>
 *   <li>{@link #nodeSendNext}: the sender is a {@code Node} too ({@code src.send("out", vector, Map.of())}), as in a
 *       dataflow: adds the HLC timestamp and {@code Metadata} per message.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmOptions.XMX})
public class EventDispatchBenchmark {

    @Param({"injvm", "shm"})
    public String transport;

    @Param({"64"})
    public int size;

    private static final ChannelId SOURCE = new ChannelId("src", "out");

    private BufferAllocator allocator;
    private BenchTransports transports;
    private OutputWriter writer;
    private Node src;
    private Node node;
    private UInt1Vector payload;
    private final Metadata metadata = Metadata.of(new Timestamp(1_000_000L, 0));

    @Setup(Level.Trial)
    public void setUp() {
        allocator = new RootAllocator();
        transports = new BenchTransports(transport, allocator);
        InputOptions options = new InputOptions(1024, QueuePolicy.DROP_OLDEST);
        transports.declare(SOURCE, "n/in", options);
        writer = transports.transport.createOutput(SOURCE);
        WakeSignal signal = new WakeSignal();
        InputReader reader = transports.transport.subscribe(SOURCE, "n/in", options, signal::wake);
        node = NodeContexts.open(new NodeContext("n",
                List.of(new BoundInput("in", "src", false, reader, Optional.empty())), Map.of(), allocator,
                StartBarrier.open(), signal));
        // the sending node: only an output (the same writer), no inputs
        src = NodeContexts.open(new NodeContext("src", List.of(), Map.of("out", writer), allocator,
                StartBarrier.open(), new WakeSignal()));
        payload = BenchTransports.payload(allocator, size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
        src.close();
        writer.close();
        payload.close();
        transports.close();
        BenchTransports.closeChecked(allocator);
    }

    @Benchmark
    public void writerSendNext(Blackhole bh) throws InterruptedException {
        writer.send(payload, metadata);
        bh.consume(nextInput());
    }

    @Benchmark
    public void nodeSendNext(Blackhole bh) {
        src.send("out", payload, Map.of());
        bh.consume(nextInput());
    }

    private Event nextInput() {
        Event e = node.next().orElseThrow();
        if (!(e instanceof Event.Input)) {
            throw new IllegalStateException("expected an Input, got " + e);
        }
        return e;
    }
}
