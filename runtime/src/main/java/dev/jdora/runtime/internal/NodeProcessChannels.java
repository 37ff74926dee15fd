package dev.jdora.runtime.internal;

import dev.jdora.core.internal.process.NodeConfig;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.Transport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the daemon does to the channels of a node that runs in a process of its own when that process ends, on the
 * node's behalf: ends its outputs (as a failure if it failed, so downstream sees {@code NodeFailed} first), forgets
 * its subscriptions (writers stop waiting for it), or keeps their places for a process that will take over (a
 * restart). Stateless besides what it was given; any thread.
 */
final class NodeProcessChannels {

    private final NodeConfig config;
    private final Transport transport;

    NodeProcessChannels(NodeConfig config, Transport transport) {
        this.config = config;
        this.transport = transport;
    }

    /** Ends the node's own outputs, with {@code error} if it failed. */
    void endOutputs(Optional<String> error) {
        for (String output : config.outputs()) {
            transport.endChannel(new ChannelId(config.nodeId(), output),
                    error.map(e -> "node '" + config.nodeId() + "' failed: " + e));
        }
    }

    /** The node's process is gone for good: writers stop waiting for its inputs. */
    void forgetReaders() {
        for (NodeConfig.Input input : config.inputs()) {
            transport.subscriberGone(input.channel(), config.subscriberId(input));
        }
    }

    /** The node's process is gone and another will take over: its inputs keep their place. */
    void keepReaderPlaces() {
        for (NodeConfig.Input input : config.inputs()) {
            transport.subscriberRestarting(input.channel(), config.subscriberId(input));
        }
    }

    /** How many messages {@code drop_oldest} dropped for each input that dropped any. */
    Map<String, Long> dropped() {
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (NodeConfig.Input input : config.inputs()) {
            long n = transport.droppedCount(input.channel(), config.subscriberId(input));
            if (n > 0) {
                dropped.put(input.id(), n);
            }
        }
        return dropped;
    }
}
