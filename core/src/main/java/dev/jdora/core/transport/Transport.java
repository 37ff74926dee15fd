package dev.jdora.core.transport;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Moves Arrow messages from one writer to many readers on one machine. Implementations are found with
 * {@link java.util.ServiceLoader} through {@link TransportProvider}; {@code injvm} is the reference implementation
 * and {@code shm} (shared memory) the default across processes.
 *
 * <p>The daemon {@linkplain #declare declares} every channel with its subscribers before any node starts; each node
 * (in the daemon's JVM, or in its own process through {@link TransportProvider#attach}) then creates the writers of
 * its outputs and subscribes its inputs.
 *
 * <p><b>Threads.</b> Thread-safe. {@link #close()} releases every channel; readers and writers must not be used after.
 */
public interface Transport extends AutoCloseable {

    /**
     * Declares {@code channel} and the inputs that will read it. Called by the daemon once per channel, before any
     * node starts. A transport within one JVM may ignore it.
     */
    default void declare(ChannelId channel, List<Subscriber> subscribers) {
    }

    /** Creates the single writer of {@code channel}. */
    OutputWriter createOutput(ChannelId channel);

    /**
     * Subscribes one input to {@code channel}.
     *
     * @param subscriberId as declared: {@code node/input}
     * @param onAvailable  called (quickly, never blocking) after a message is queued or the channel ends, when the
     *                     writer is in this JVM; readers of other processes are polled (see
     *                     {@link InputReader#needsPolling()})
     */
    InputReader subscribe(ChannelId channel, String subscriberId, InputOptions options, Runnable onAvailable);

    /**
     * A place for one consumer thread to wait in, if this transport offers one (see {@link ConsumerWait}): readers
     * subscribed with it wake that thread directly. Empty (the default) if readers only call {@code onAvailable}.
     * Opened once per node, before its inputs are subscribed; closed by this transport when it closes.
     */
    default Optional<ConsumerWait> openConsumerWait() {
        return Optional.empty();
    }

    /**
     * Subscribes one input of the consumer that waits in {@code wait} (opened by this transport's
     * {@link #openConsumerWait()}): once the reader is armed, its writer wakes {@code wait} instead of calling
     * {@code onAvailable} on a thread of the transport. {@code onAvailable} is still called for what the transport
     * delivers within this process. The default ignores {@code wait}.
     */
    default InputReader subscribe(ChannelId channel, String subscriberId, InputOptions options, Runnable onAvailable,
                                  ConsumerWait wait) {
        return subscribe(channel, subscriberId, options, onAvailable);
    }

    /** Subscribes an input that was not declared (in-JVM use: tests, the harness). */
    default InputReader subscribe(ChannelId channel, InputOptions options, Runnable onAvailable) {
        return subscribe(channel, "anonymous-" + UUID.randomUUID(), options, onAvailable);
    }

    /**
     * Ends a channel whose writer is gone — its node process exited or was killed — on the writer's behalf: readers
     * see everything sent before, then the end ({@code Failed(error)} if an error is given). No-op if the channel has
     * ended already. Called by the daemon.
     */
    void endChannel(ChannelId channel, Optional<String> error);

    /**
     * Forgets a subscriber whose node process is gone: writers stop waiting for it ({@code backpressure}) and stop
     * keeping memory for it. Called by the daemon. A transport within one JVM may ignore it.
     */
    default void subscriberGone(ChannelId channel, String subscriberId) {
    }

    /**
     * Keeps the place of a subscriber whose node process died and is about to be restarted: a new process that
     * subscribes with the same id resumes from the first message the dead one had not finished (see
     * {@code Event.Input}: a message is finished once the node asked for its next event), that message marked
     * {@code redelivered}; writers keep counting it for {@code backpressure} meanwhile. Called by the daemon. A
     * transport that cannot resume ignores it (the default), and the restarted node reads from where the transport
     * puts a new subscriber.
     */
    default void subscriberRestarting(ChannelId channel, String subscriberId) {
    }

    /**
     * The next message the subscriber will read (its position in the channel), {@code -1} if this transport cannot
     * tell. With {@link #messagesSent}, tells the daemon whether messages wait for a node that does not read them
     * ({@code health_check_timeout}).
     */
    default long readPosition(ChannelId channel, String subscriberId) {
        return -1;
    }

    /**
     * How many messages {@code drop_oldest} dropped for a subscriber so far, as far as this transport can tell from
     * the daemon side (0 if it cannot). Called by the daemon for the run's report.
     */
    default long droppedCount(ChannelId channel, String subscriberId) {
        return 0;
    }

    /**
     * How many messages were sent on {@code channel} so far, as far as this transport can tell from any process of
     * the run ({@code -1} if it cannot). For {@code jdora topic list}.
     */
    default long messagesSent(ChannelId channel) {
        return -1;
    }

    /** Releases everything. Idempotent. */
    @Override
    void close();
}
