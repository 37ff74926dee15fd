package dev.jdora.bench;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/**
 * A middle stage of the pipeline shapes of {@link ScalingBench}: sends every input it gets on input {@code data}
 * straight on output {@code data}, with the same parameters (so the sender's stamp {@code t} travels to the end).
 */
public final class JdoraForwarder implements NodeMain {

    @Override
    public void run(Node node) {
        for (Event event : node) {
            if (event instanceof Event.Input in) {
                node.send("data", in.data(), in.metadata().parameters());
            }
        }
    }
}
