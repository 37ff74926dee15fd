package dev.jdora.core.transport;

import dev.jdora.core.dataflow.QueuePolicy;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * One input's view of a channel. Created by {@link Transport#subscribe} before the producer starts, so nothing sent
 * is missed.
 *
 * <p><b>Threads.</b> {@link #poll}, {@link #release()}, {@link #oldestArrivalNanos()} and {@link #state()} are for
 * the one consuming thread; {@link #close()} may be called from any thread. Nothing here blocks.
 *
 * <p><b>Ownership: data is lent.</b> {@code poll} lends its message: the reader keeps the {@link Received} holder and
 * the vector in it, and refills them at the next {@code poll} (a transport decodes into vectors it reuses, so that the
 * receive path allocates nothing per message). What was lent stays valid until the next {@code poll},
 * {@link #release()} or {@link #close()} of this reader. A caller that keeps data longer transfers its buffers out
 * (see {@link Received}); a transfer pair is the only way to own them.
 */
public interface InputReader extends AutoCloseable {

    /** The channel end: open, ended normally, or ended by a failure of the producer. */
    sealed interface State {
        /** More may come. */
        record Open() implements State {
        }

        /** The producer closed the channel and everything it sent has been read (or dropped). */
        record Ended() implements State {
        }

        /**
         * The producer failed and everything it sent has been read (or dropped).
         *
         * @param error what the runtime knows of the failure
         */
        record Failed(String error) implements State {
        }
    }

    /** What {@link #oldestArrivalNanos()} returns when no message is queued. */
    long NO_MESSAGE = Long.MIN_VALUE;

    /**
     * Lends the oldest unread message, or returns {@code null} if none is queued now. First releases what the previous
     * poll lent (as {@link #release()}). The result is this reader's holder, the same object at every call: read it
     * before the next {@code poll}, {@code release} or {@code close}.
     *
     * @param allocator where to put the data if the transport has to materialize it; pass the same allocator at every
     *                  call (a reader keeps vectors from it for reuse until it is closed)
     */
    @Nullable Received poll(BufferAllocator allocator);

    /**
     * Releases what the last {@link #poll} lent, now rather than at the next {@code poll}: memory the message pins (a
     * shared-memory body read in place, a reference to a writer's copy) is let go; a vector the reader reuses for the
     * next message keeps its buffers. Data transferred out is not affected. Idempotent.
     */
    void release();

    /**
     * When the oldest unread message arrived ({@link System#nanoTime()} scale), for merging several inputs in arrival
     * order; {@link #NO_MESSAGE} if none is queued. A primitive, so that asking allocates nothing.
     */
    long oldestArrivalNanos();

    /** {@code Open} while anything may still be read; then {@code Ended} or {@code Failed}. */
    State state();

    /**
     * True if {@code onAvailable} is called for this reader only while its wake-up is {@linkplain #armWakeup() armed}
     * (its writer is in another process): a consumer polls it, and before it waits it arms it. False if every message
     * and the end call {@code onAvailable} anyway.
     */
    default boolean needsPolling() {
        return false;
    }

    /**
     * The consumer is about to wait: asks the writer to call {@code onAvailable} for the next message or the end.
     * Returns false, arming nothing, if a message or the end is already there (or the reader cannot be woken now):
     * the consumer must poll again instead of waiting. Call {@link #disarmWakeup()} once awake. A reader whose writer
     * always calls {@code onAvailable} returns true. Consumer thread; never blocks.
     */
    default boolean armWakeup() {
        return true;
    }

    /** The consumer is awake again: the writer need not call {@code onAvailable} any more. Consumer thread. */
    default void disarmWakeup() {
    }

    /**
     * This input's {@code queue_policy}. On {@code Stop(MANUAL)} the event stream still delivers what a
     * {@code BACKPRESSURE} reader holds; what a {@code DROP_OLDEST} reader holds is discarded by {@link #close()}.
     */
    QueuePolicy queuePolicy();

    /**
     * Messages this reader discarded so far: dropped by {@code DROP_OLDEST} while it was behind, plus whatever was
     * still unread when it was {@linkplain #close() closed}, whatever the policy. Still answers after {@code close()}.
     */
    long droppedCount();

    /**
     * Unsubscribes: releases what was lent and the vectors kept for reuse, and releases queued messages, counting each
     * in {@link #droppedCount()} (nothing is discarded uncounted); the writer no longer waits for this reader.
     * Idempotent.
     */
    @Override
    void close();
}
