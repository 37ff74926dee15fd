package dev.jdora.core.internal;

/**
 * A node whose waiting {@code next(Duration)} another thread can end early, as {@link
 * java.nio.channels.Selector#wakeup()} does: the waiting call returns empty (the next call waits again); {@code next()}
 * without a timeout, whose empty means the end of the stream, is not affected. Lets an adapter that drives the pull API
 * from a thread of its own (the Reactor event pump) wait with a long timeout and still notice cancellation at once. A
 * wake-up while nobody waits ends the next wait.
 *
 * <p><b>Threads.</b> {@link #wakeup()} from any thread; never blocks.
 */
public interface Wakeable {

    /** Makes the current or next {@code next(Duration)} that finds no event return empty. */
    void wakeup();
}
