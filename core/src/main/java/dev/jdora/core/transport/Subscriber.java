package dev.jdora.core.transport;

/**
 * One input that will read a channel, declared before any node starts so that retention and backpressure account for
 * it even before its process attaches.
 *
 * @param subscriberId unique per channel: {@code node/input}
 * @param options      its queue size and policy
 * @param restartable  the input's node has a restart policy (other than {@code never}): when its reader closes, a
 *                     transport that resumes keeps what it had not read (and holds a {@code backpressure} writer)
 *                     until the daemon says whether the node is gone or restarting. False for any other input, so
 *                     that an input that closes early never holds its writer back.
 */
public record Subscriber(String subscriberId, InputOptions options, boolean restartable) {

    /** A subscriber whose node is not restarted. */
    public Subscriber(String subscriberId, InputOptions options) {
        this(subscriberId, options, false);
    }
}
