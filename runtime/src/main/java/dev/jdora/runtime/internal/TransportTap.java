package dev.jdora.runtime.internal;

import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import dev.jdora.core.transport.TransportProvider;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.Tap;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A {@link Tap} in this process: it attaches to the run's shared-memory transport and reads the output as an input
 * of its own (with the tap's queue size and policy, in a spare slot of the channel, under the subscriber id the run
 * gave it), while the {@link OpsConnection} it holds tells the run it is alive: when that connection ends, the run
 * releases the slot, so a {@code backpressure} tap that dies never holds the writer. It polls every millisecond while waiting: a tap is a
 * human's window, and its rate ({@code jdora topic hz}) is measured from the messages' send times, not from when the
 * tap saw them. Not thread-safe; one owner closes it.
 */
final class TransportTap implements Tap {

    private static final long POLL_NANOS = 1_000_000L;

    private final RunAddress run;
    private final String topic;
    private final OpsConnection connection;
    private final BufferAllocator allocator = new RootAllocator();
    private final Transport transport;
    private final InputReader reader;
    private boolean ended;

    TransportTap(RunAddress run, String topic, ChannelId channel, String subscriberId, InputOptions options,
                 OpsConnection connection) {
        this.run = run;
        this.topic = topic;
        this.connection = connection;
        try {
            this.transport = shm().attach(new TransportContext(allocator, Optional.of(run.directory()), Map.of()));
        } catch (RuntimeException e) {
            allocator.close();
            connection.close();
            throw e;
        }
        try {
            this.reader = transport.subscribe(channel, subscriberId, options, () -> { });
            connection.send(OpsProtocol.ATTACHED); // listed as a reader from now on
        } catch (RuntimeException e) {
            close();
            throw new OperationException("cannot tap " + topic + ": " + e.getMessage(), e);
        }
    }

    private static TransportProvider shm() {
        for (TransportProvider provider : ServiceLoader.load(TransportProvider.class)) {
            if (provider.name().equals("shm")) {
                return provider;
            }
        }
        throw new OperationException("the shared-memory transport (jdora-transport-shm) is not on the class path",
                false);
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public boolean next(Duration timeout, Receiver receiver) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            Received received = reader.poll(allocator);
            if (received != null) {
                try {
                    receiver.receive(received.data(), received.metadata());
                } finally {
                    reader.release();
                }
                return true;
            }
            if (!(reader.state() instanceof InputReader.State.Open) || !Files.exists(run.directory())) {
                ended = true;
                return false;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return false;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public long dropped() {
        return reader == null ? 0 : reader.droppedCount();
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
        transport.close();
        allocator.close();
        connection.close();
    }
}
