package dev.jdora.bench.jmh;

import dev.jdora.core.Event;
import dev.jdora.core.Metadata;
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
import dev.jdora.reactor.ReactorNode;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * The {@code Flux} bridge ({@code ReactorNode.events()}) over the in-JVM transport, 64 B: per op one message is sent,
 * {@code request(1)} is signalled, and the benchmark thread spins until {@code onNext} has run on the bridge's event
 * thread. So each op includes one hand-off to that thread and back (an unpark of the parked event thread, on 2 cores
 * a reschedule), on top of what {@code EventDispatchBenchmark.writerSendNext} measures. {@code gc.alloc.rate.norm}
 * counts every thread's allocation, the event thread's too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmOptions.XMX})
public class FluxBridgeBenchmark {

    private static final ChannelId SOURCE = new ChannelId("src", "out");

    private BufferAllocator allocator;
    private InJvmTransport transport;
    private OutputWriter writer;
    private ReactorNode reactor;
    private Counting subscriber;
    private UInt1Vector payload;
    private final Metadata metadata = Metadata.of(new Timestamp(1_000_000L, 0));

    /** Requests nothing by itself; counts {@code onNext} calls. */
    static final class Counting extends BaseSubscriber<Event> {
        volatile long seen;

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
        }

        @Override
        protected void hookOnNext(Event value) {
            if (!(value instanceof Event.Input)) {
                throw new IllegalStateException("expected an Input, got " + value);
            }
            seen++; // only the event thread writes
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        allocator = new RootAllocator();
        transport = new InJvmTransport(allocator);
        InputOptions options = new InputOptions(1024, QueuePolicy.DROP_OLDEST);
        writer = transport.createOutput(SOURCE);
        WakeSignal signal = new WakeSignal();
        InputReader reader = transport.subscribe(SOURCE, "n/in", options, signal::wake);
        reactor = ReactorNode.of(NodeContexts.open(new NodeContext("n",
                List.of(new BoundInput("in", "src", false, reader, Optional.empty())), Map.of(), allocator,
                StartBarrier.open(), signal)));
        subscriber = new Counting();
        reactor.events().subscribe(subscriber);
        payload = BenchTransports.payload(allocator, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        subscriber.dispose();
        reactor.close();
        writer.close();
        payload.close();
        transport.close();
        BenchTransports.closeChecked(allocator);
    }

    @Benchmark
    public long sendRequestOne() throws InterruptedException {
        long target = subscriber.seen + 1;
        writer.send(payload, metadata);
        subscriber.request(1);
        long seen;
        while ((seen = subscriber.seen) < target) {
            Thread.onSpinWait();
        }
        return seen;
    }
}
