package dev.jdora.testkit.transport;

import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.Received;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * One subscribed reader and how to wait on it. {@link #take} and {@link #awaitEnd} wait through a {@link Waiter}
 * (on {@code onAvailable}, or polling when the reader {@linkplain InputReader#needsPolling() needs it}) up to a
 * deadline, and fail with the reader's name. Confined to the consuming thread, except {@link #close()}.
 */
final class Inbox implements AutoCloseable {

    private final String name;
    private final InputReader reader;
    private final Waiter waiter;
    private final BufferAllocator allocator;

    /** @param allocator passed to {@link InputReader#poll} */
    Inbox(String name, InputReader reader, Waiter waiter, BufferAllocator allocator) {
        this.name = name;
        this.reader = reader;
        this.waiter = waiter;
        this.allocator = allocator;
        waiter.watch(reader);
    }

    String name() {
        return name;
    }

    InputReader reader() {
        return reader;
    }

    /** One poll; the result is lent until the next poll (see {@link InputReader#poll}). */
    @Nullable Received poll() {
        return reader.poll(allocator);
    }

    /**
     * The next message, lent until the next poll.
     *
     * @throws AssertionError if the channel ends first, or nothing comes within {@code timeout}
     */
    Received take(Duration timeout) throws InterruptedException {
        Received received = takeOrEnd(timeout);
        if (received == null) {
            throw new AssertionError(name + ": the channel ended (" + reader.state()
                    + ") while a message was expected");
        }
        return received;
    }

    /**
     * The next message (lent until the next poll), or {@code null} once the channel has ended and everything was read.
     *
     * @throws AssertionError if neither happens within {@code timeout}
     */
    @Nullable Received takeOrEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long mark = waiter.mark();
            Received received = reader.poll(allocator);
            if (received != null) {
                waiter.progressed();
                return received;
            }
            if (!(reader.state() instanceof InputReader.State.Open)) {
                return null;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(name + ": no message and no end of the channel within " + timeout);
            }
            waiter.idle(mark, deadline);
        }
    }

    /**
     * Waits for the end of the channel ({@code Ended} or {@code Failed}).
     *
     * @throws AssertionError if a message arrives instead, or the channel is still open after {@code timeout}
     */
    InputReader.State awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long mark = waiter.mark();
            Received unexpected = reader.poll(allocator);
            if (unexpected != null) {
                unexpected.data().close();
                throw new AssertionError(name + ": a message arrived while the end of the channel was expected");
            }
            InputReader.State state = reader.state();
            if (!(state instanceof InputReader.State.Open)) {
                return state;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(name + ": the channel did not end within " + timeout);
            }
            waiter.idle(mark, deadline);
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
