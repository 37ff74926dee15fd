package dev.jdora.spring.boot;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/** Test node: sends 0, 1, 2, … on {@code n}, one per event on its input. */
public final class NumbersNode implements NodeMain {

    @Override
    public void run(Node node) {
        long n = 0;
        for (Event event : node) {
            if (event instanceof Event.Input) {
                node.sendLongs("n", n++);
            }
        }
    }
}
