package dev.jdora.testkit.transport;

import dev.jdora.core.internal.InJvmTransport;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Received;
import dev.jdora.core.transport.Subscriber;
import dev.jdora.core.transport.Transport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * The reference transport with readers that {@linkplain InputReader#needsPolling() need polling} and call
 * {@code onAvailable} only while {@linkplain InputReader#armWakeup() armed}, as a reader of a writer in another
 * process: proves the kit's polled waits work with the arming contract and no other wake-up.
 */
class PolledInJvmTransportCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected Transport newTransport(BufferAllocator allocator) {
        return new PolledTransport(new InJvmTransport(allocator));
    }

    private record PolledTransport(Transport delegate) implements Transport {

        @Override
        public void declare(ChannelId channel, List<Subscriber> subscribers) {
            delegate.declare(channel, subscribers);
        }

        @Override
        public OutputWriter createOutput(ChannelId channel) {
            return delegate.createOutput(channel);
        }

        @Override
        public InputReader subscribe(ChannelId channel, String subscriberId, InputOptions options,
                Runnable onAvailable) {
            AtomicBoolean armed = new AtomicBoolean();
            Runnable ringIfArmed = () -> {
                if (armed.compareAndSet(true, false)) {
                    onAvailable.run();
                }
            };
            return new PolledReader(delegate.subscribe(channel, subscriberId, options, ringIfArmed), armed);
        }

        @Override
        public void endChannel(ChannelId channel, Optional<String> error) {
            delegate.endChannel(channel, error);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private record PolledReader(InputReader delegate, AtomicBoolean armed) implements InputReader {

        @Override
        public boolean armWakeup() {
            armed.set(true);
            if (delegate.oldestArrivalNanos() != NO_MESSAGE || !(delegate.state() instanceof State.Open)) {
                armed.set(false);
                return false;
            }
            return true;
        }

        @Override
        public void disarmWakeup() {
            armed.set(false);
        }

        @Override
        public @Nullable Received poll(BufferAllocator allocator) {
            return delegate.poll(allocator);
        }

        @Override
        public void release() {
            delegate.release();
        }

        @Override
        public long oldestArrivalNanos() {
            return delegate.oldestArrivalNanos();
        }

        @Override
        public State state() {
            return delegate.state();
        }

        @Override
        public boolean needsPolling() {
            return true;
        }

        @Override
        public QueuePolicy queuePolicy() {
            return delegate.queuePolicy();
        }

        @Override
        public long droppedCount() {
            return delegate.droppedCount();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
