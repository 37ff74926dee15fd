package dev.jdora.core.transport;

/**
 * One input that will read a channel, declared before any node starts so that retention and backpressure account for
 * it even before its process attaches.
 *
 * @param subscriberId unique per channel: {@code node/input}
 * @param options      its queue size and policy
 */
public record Subscriber(String subscriberId, InputOptions options) {
}
