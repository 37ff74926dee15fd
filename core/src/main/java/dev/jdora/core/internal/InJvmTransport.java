package dev.jdora.core.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.transport.ChannelClosedException;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.SendBuffer;
import dev.jdora.core.transport.Transport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.jspecify.annotations.Nullable;

/**
 * The reference transport: nodes are threads of one JVM. A send copies the data once ({@link ArrowCopy#share}: a
 * flat array into one buffer, into warm memory when large, see {@link WarmBlocks}); every reader gets a read-only view
 * of that copy, released by reference counting when the last reader closes it. A buffer lent by
 * {@link OutputWriter#allocate} is not copied at all: it is allocated here, and its buffers are shared the same way.
 * Each reader has its own bounded queue that applies its {@code queue_size} and {@code queue_policy}.
 */
public final class InJvmTransport implements Transport {

    private final BufferAllocator allocator;
    private final Map<ChannelId, Channel> channels = new ConcurrentHashMap<>();
    private final WarmBlocks warm = new WarmBlocks();

    /** @param allocator where sent data is copied; not closed by the transport */
    public InJvmTransport(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public OutputWriter createOutput(ChannelId id) {
        Channel channel = channels.computeIfAbsent(id, Channel::new);
        synchronized (channel) {
            if (channel.hasWriter) {
                throw new IllegalStateException("channel " + id + " already has its writer");
            }
            channel.hasWriter = true;
        }
        return new Writer(channel);
    }

    @Override
    public void endChannel(ChannelId id, Optional<String> error) {
        Channel channel = channels.computeIfAbsent(id, Channel::new);
        end(channel, error.<InputReader.State>map(InputReader.State.Failed::new).orElseGet(InputReader.State.Ended::new));
    }

    private static void end(Channel channel, InputReader.State state) {
        synchronized (channel) {
            if (channel.end != null) {
                return;
            }
            channel.end = state;
        }
        channel.readers.forEach(r -> r.end(state));
    }

    @Override
    public InputReader subscribe(ChannelId id, String subscriberId, InputOptions options, Runnable onAvailable) {
        Channel channel = channels.computeIfAbsent(id, Channel::new);
        InJvmReader reader = new InJvmReader(options, onAvailable, channel.readers::remove);
        synchronized (channel) {
            InputReader.State end = channel.end;
            if (end != null) {
                reader.end(end);
            } else {
                channel.readers.add(reader);
            }
        }
        return reader;
    }

    @Override
    public void close() {
        for (Channel channel : channels.values()) {
            channel.readers.forEach(InJvmReader::close);
        }
        channels.clear();
        warm.close();
    }

    private static final class Channel {
        final ChannelId id;
        final CopyOnWriteArrayList<InJvmReader> readers = new CopyOnWriteArrayList<>();
        boolean hasWriter;
        InputReader.@Nullable State end;

        Channel(ChannelId id) {
            this.id = id;
        }
    }

    /** Sends are serialized on {@code sendLock} so that every reader sees them in one order; ending takes no lock. */
    final class Writer implements OutputWriter {
        private final Channel channel;
        private final ReentrantLock sendLock = new ReentrantLock();

        Writer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void send(ValueVector data, Metadata metadata) throws InterruptedException {
            sendLock.lockInterruptibly();
            try {
                sendLocked(data, metadata);
            } finally {
                sendLock.unlock();
            }
        }

        private void sendLocked(ValueVector data, Metadata metadata) throws InterruptedException {
            if (!ready()) {
                return;
            }
            try (ArrowCopy.Shared copy = ArrowCopy.share(data, length -> warm.buffer(allocator, length))) {
                deliver(copy, metadata);
            }
        }

        /** Whether there is anyone to send to; throws once the channel has ended. */
        private boolean ready() {
            synchronized (channel) {
                if (channel.end != null) {
                    throw new ChannelClosedException("channel " + channel.id + " is closed");
                }
            }
            return !channel.readers.isEmpty();
        }

        /** Gives every reader its own vector over {@code copy} (shared, reference counted). */
        private void deliver(ArrowCopy.Shared copy, Metadata metadata) throws InterruptedException {
            for (InJvmReader reader : channel.readers) {
                reader.offer(copy.view(allocator), metadata);
            }
        }

        /** Lends bytes of the transport's allocator, handed to the readers as they are (see {@link AllocatedSendBuffer}). */
        @Override
        public SendBuffer allocate(long length, BufferAllocator nodeAllocator) {
            ready(); // throws once the channel has ended
            return new AllocatedSendBuffer(n -> warm.buffer(allocator, n), length, this::sendLent);
        }

        /** Publishes lent bytes to every reader without copying them: each reader's vector shares {@code data}. */
        private void sendLent(ArrowBuf data, int rows, Metadata metadata) throws InterruptedException {
            sendLock.lockInterruptibly();
            try {
                if (!ready()) {
                    return;
                }
                // no nulls: an empty validity buffer (loading makes the bitmap), the data as it is
                try (ArrowCopy.Shared shared = ArrowCopy.sharing(AllocatedSendBuffer.BYTES, new ArrowRecordBatch(rows,
                        List.of(new ArrowFieldNode(rows, 0)), List.of(allocator.getEmpty(), data)))) {
                    deliver(shared, metadata);
                }
            } finally {
                sendLock.unlock();
            }
        }

        @Override
        public void close() {
            end(new InputReader.State.Ended());
        }

        @Override
        public void fail(String error) {
            end(new InputReader.State.Failed(error));
        }

        private void end(InputReader.State state) {
            InJvmTransport.end(channel, state);
        }

        @Override
        public String toString() {
            return "in-JVM writer of channel " + channel.id;
        }
    }
}
