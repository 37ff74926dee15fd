package dev.jdora.bench;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/**
 * The first node of the start-up dataflows of {@link StartupBench}: sends one 64-byte message on output {@code data}
 * as soon as it runs (it has no inputs, so the message waits in the output's queue until the pipeline is up), then
 * waits for {@code Stop} without doing anything else, so that its resident memory can be measured idle.
 */
public final class StartupSource implements NodeMain {

    @Override
    public void run(Node node) {
        node.sendBytes("data", new byte[64]);
        for (Event event : node) {
            // nothing to do until Stop
        }
    }
}
