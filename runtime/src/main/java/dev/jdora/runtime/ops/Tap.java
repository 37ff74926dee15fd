package dev.jdora.runtime.ops;

import dev.jdora.core.Metadata;
import java.time.Duration;
import org.apache.arrow.vector.ValueVector;

/**
 * A late reader of one output of a running dataflow ({@code jdora topic echo/hz}, an attached {@code jdora record}).
 * A {@code drop_oldest} tap is one the output's writer never waits for: when the tap is behind by more than its queue
 * size, the oldest messages are skipped and counted ({@link #dropped()}); the dataflow is never slowed. A
 * {@code backpressure} tap misses nothing: the writer waits for it (see {@link DataflowOperations#tap(RunAddress,
 * String, int, dev.jdora.core.dataflow.QueuePolicy)}). Either sees what is sent after it was opened (after its place on
 * the output was taken), and nothing before.
 *
 * <p><b>Threads.</b> One thread at a time. {@link #close()} ends the tap and frees its place on the output.
 */
public interface Tap extends AutoCloseable {

    /** What a tap hands to its caller: lent, valid only during the call. */
    @FunctionalInterface
    interface Receiver {
        void receive(ValueVector data, Metadata metadata);
    }

    /** The topic, {@code node/output}. */
    String topic();

    /**
     * Waits up to {@code timeout} for the next message and hands it to {@code receiver} (the data is lent: copy what
     * you keep).
     *
     * @return true if a message was received; false on timeout or once the output has ended ({@link #ended()})
     */
    boolean next(Duration timeout, Receiver receiver) throws InterruptedException;

    /** True once the output's writer has ended it (or the run has ended) and everything sent was read. */
    boolean ended();

    /** Messages skipped because this tap was behind. */
    long dropped();

    @Override
    void close();
}
