package dev.jdora.spring.boot;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/** Test node: reads its events until {@code Stop} and does nothing else (a process a test may kill). */
public final class IdleNode implements NodeMain {

    @Override
    public void run(Node node) {
        for (Event ignored : node) {
            // nothing: it is there to be killed
        }
    }
}
