package dev.jdora.shm.internal;

/**
 * What wakes the consumer of a {@link ShmReader} once the reader is armed: the doorbell whose {@linkplain #id() id}
 * the reader writes into its header slot, so that the writer knows whom to ring. Either the process's
 * {@link Doorbell} (its thread runs the reader's {@code onAvailable}) or the node's own {@link ConsumerBell} (the
 * consumer thread waits on it itself).
 */
interface ReaderBell extends AutoCloseable {

    long id();

    /** False once this bell can no longer ring: its readers must poll instead of waiting. */
    boolean alive();

    /** Runs {@code onAvailable} on each ring, if this bell has a thread of its own to run it. */
    void register(Runnable onAvailable);

    void unregister(Runnable onAvailable);

    @Override
    void close();
}
