package dev.jdora.bench.jmh;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
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
 * The transport SPI alone, one thread, no node: what one message costs the writer ({@link #send}) and a writer plus
 * its reader ({@link #roundTrip}). The sent vector is built once and reused (the transport copies it); the received
 * message is read as a consumer of the SPI reads it: its data is lent until the next poll (not closed, so a reader
 * that reuses its vectors can), its timestamp read as primitives (no {@code Metadata} object is asked for). Metadata
 * sent is one fixed instance with no parameters. With {@code -prof gc}, {@code gc.alloc.rate.norm} is the heap
 * allocated per message; {@code roundTrip - send} is the reader's share.
 *
 * <p>{@code shm} runs the daemon side of the shared-memory transport with writer and reader in this JVM: the same
 * code path as across processes (queue append, header publish, tail, decode), minus the cache-line transfer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmOptions.XMX})
public class TransportBenchmark {

    @Param({"injvm", "shm"})
    public String transport;

    /** Payload bytes (a {@code uint8} vector; the Arrow body adds its validity bitmap, size/8 rounded to 8). */
    @Param({"64", "4096"})
    public int size;

    private static final ChannelId ROUND_TRIP = new ChannelId("src", "rt");
    private static final ChannelId SEND_ONLY = new ChannelId("src", "send");

    private BufferAllocator allocator;
    private BenchTransports transports;
    private OutputWriter roundTripWriter;
    private InputReader roundTripReader;
    private OutputWriter sendOnlyWriter;
    private InputReader sendOnlyReader;
    private UInt1Vector payload;
    private final Metadata metadata = Metadata.of(new Timestamp(1_000_000L, 0));

    @Setup(Level.Trial)
    public void setUp() {
        allocator = new RootAllocator();
        transports = new BenchTransports(transport, allocator);
        InputOptions queue = new InputOptions(1024, QueuePolicy.DROP_OLDEST);
        transports.declare(ROUND_TRIP, "n/in", queue);
        roundTripWriter = transports.transport.createOutput(ROUND_TRIP);
        roundTripReader = transports.transport.subscribe(ROUND_TRIP, "n/in", queue, () -> { });
        // a reader that never reads, keeping only the newest message: the writer never waits and nothing piles up
        InputOptions one = new InputOptions(1, QueuePolicy.DROP_OLDEST);
        transports.declare(SEND_ONLY, "m/in", one);
        sendOnlyWriter = transports.transport.createOutput(SEND_ONLY);
        sendOnlyReader = transports.transport.subscribe(SEND_ONLY, "m/in", one, () -> { });
        payload = BenchTransports.payload(allocator, size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        roundTripReader.close();
        sendOnlyReader.close();
        roundTripWriter.close();
        sendOnlyWriter.close();
        payload.close();
        transports.close();
        BenchTransports.closeChecked(allocator);
    }

    /** Send one message, poll it, read its value count and timestamp: the per-message cost of a writer and a reader. */
    @Benchmark
    public void roundTrip(Blackhole bh) throws InterruptedException {
        roundTripWriter.send(payload, metadata);
        Received received = roundTripReader.poll(allocator);
        if (received == null) {
            throw new IllegalStateException("sent message not readable at once");
        }
        bh.consume(received.data().getValueCount());
        bh.consume(received.timestampNanos());
    }

    /** Send one message to a reader that never reads ({@code drop_oldest}, {@code queue_size: 1}): the writer side. */
    @Benchmark
    public void send() throws InterruptedException {
        sendOnlyWriter.send(payload, metadata);
    }
}
