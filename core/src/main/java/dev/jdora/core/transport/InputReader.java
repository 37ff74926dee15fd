package dev.jdora.core.transport;

import dev.jdora.core.dataflow.QueuePolicy;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * One input's view of a channel. Created by {@link Transport#subscribe} before the producer starts, so nothing sent
 * is missed.
 *
 * <p><b>Threads.</b> {@link #poll} and {@link #state()} are for the one consuming thread; {@link #close()} may be
 * called from any thread. Nothing here blocks.
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

    /**
     * The oldest unread message, or {@code null} if none is queued now. The caller owns the result.
     *
     * @param allocator where to put the data if the transport has to materialize it
     */
    @Nullable Received poll(BufferAllocator allocator);

    /**
     * When the oldest unread message arrived ({@link System#nanoTime()} scale), for merging several inputs in arrival
     * order; empty if none is queued.
     */
    Optional<Long> oldestArrivalNanos();

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
     * Unsubscribes: releases queued messages, counting each in {@link #droppedCount()} (nothing is discarded
     * uncounted); the writer no longer waits for this reader. Idempotent.
     */
    @Override
    void close();
}
