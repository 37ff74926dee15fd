package dev.jdora.cluster.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import io.aeron.ExclusivePublication;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The program of a forwarder node: reads one output (its input {@code data}) and sends every message, then the end,
 * over Aeron to the one other machine that reads it ({@link MachinePlan}). Runs as a thread of the daemon; reads its
 * input losslessly ({@code backpressure}): it never drops, the readers on the other machine drop for themselves. It
 * blocks while Aeron holds it back, which holds the output's writer back. Gives up when the other machine is gone.
 */
final class ForwarderNode implements NodeMain {

    private final ExclusivePublication publication;
    private final BooleanSupplier gone;

    ForwarderNode(ExclusivePublication publication, BooleanSupplier gone) {
        this.publication = publication;
        this.gone = gone;
    }

    @Override
    public void run(Node node) throws Exception {
        FrameWriter writer = new FrameWriter(publication, gone);
        String failure = null;
        for (Event event : node) {
            if (event instanceof Event.Input input) {
                try (input) {
                    if (!writer.send(input.data(), input.metadata())) {
                        return;
                    }
                }
            } else if (event instanceof Event.NodeFailed failed) {
                failure = failed.error();
            } else if (event instanceof Event.InputClosed) {
                if (!writer.end(failure)) {
                    return;
                }
            }
        }
    }

    /** {@code node 'x' failed: why} → {@code why}: the receiving side says it again. */
    static String reason(String nodeId, @Nullable String error) {
        String prefix = "node '" + nodeId + "' failed: ";
        return error == null ? "failed" : error.startsWith(prefix) ? error.substring(prefix.length()) : error;
    }
}
