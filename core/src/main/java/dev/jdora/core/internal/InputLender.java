package dev.jdora.core.internal;

/**
 * A node whose {@code Input} events lend their data from its readers (see {@code InputReader.release()}). An adapter
 * that is done with an {@code Input} calls {@link #releaseLentInput()} instead of {@code Input.close()}: the release
 * is the same, except that a vector the reader reuses keeps its buffers, so the next message allocates nothing.
 * {@code Input.close()} stays correct for any node; it only costs that reallocation.
 *
 * <p><b>Threads.</b> The node's one consuming thread (the one that called {@code next}).
 */
public interface InputLender {

    /** Releases the data of the last {@code Input} returned by {@code next}, as the following {@code next} would. */
    void releaseLentInput();
}
