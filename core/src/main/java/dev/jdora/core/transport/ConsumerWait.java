package dev.jdora.core.transport;

/**
 * Where one node's consumer thread sleeps while it waits for its inputs, offered by a transport whose writers may be
 * in other processes ({@link Transport#openConsumerWait()}): a writer that finds a reader of this consumer asleep
 * wakes this thread itself, with no thread of the transport in between. Readers subscribed
 * {@linkplain Transport#subscribe(ChannelId, String, InputOptions, Runnable, ConsumerWait) with it} are woken through
 * it once {@linkplain InputReader#armWakeup() armed}; anything else that concerns the consumer (a control event, an
 * in-process reader, a timer) calls {@link #wake()}.
 *
 * <p><b>Threads.</b> {@link #await} only from the one consumer thread; {@link #wake()} from any thread, never blocks,
 * and a wake that comes while the consumer does not wait makes its next {@code await} return at once. The transport
 * that opened it owns it and closes it when the transport closes; {@link #close()} may also be called earlier, from
 * any thread, and ends a wait in progress.
 */
public interface ConsumerWait extends AutoCloseable {

    /**
     * Blocks until a writer rings, {@link #wake()} is called (now or since the last {@code await}), or about
     * {@code nanos} have passed (the transport may round up to its clock's resolution, at most a millisecond).
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void await(long nanos) throws InterruptedException;

    /** Wakes the consumer now, or at its next {@link #await}. Any thread; never blocks. */
    void wake();

    /** Stops being a place to wait: a wait in progress returns, later ones poll. Idempotent; any thread. */
    @Override
    void close();
}
