package dev.jdora.spring.boot;

import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/** Test node: sends 0, 1, …, {@code COUNT - 1} on {@code n} as fast as its readers let it, then ends. */
public final class SequenceSource implements NodeMain {

    @Override
    public void run(Node node) {
        long count = Long.parseLong(node.env().getOrDefault("COUNT", "100"));
        for (long n = 0; n < count; n++) {
            node.sendLongs("n", n);
        }
    }
}
