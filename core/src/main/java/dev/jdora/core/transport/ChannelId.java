package dev.jdora.core.transport;

/**
 * One output channel: written by one node, read by every input subscribed to it.
 *
 * @param nodeId   the producing node, or {@code dora} for runtime timers
 * @param outputId the output id, or the timer spec (e.g. {@code timer/millis/100})
 */
public record ChannelId(String nodeId, String outputId) {

    /** {@code node/output}, as written in YAML. */
    @Override
    public String toString() {
        return nodeId + "/" + outputId;
    }
}
