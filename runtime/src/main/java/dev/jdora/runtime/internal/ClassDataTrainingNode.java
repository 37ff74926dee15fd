package dev.jdora.runtime.internal;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;

/**
 * The two nodes of the run that builds the class-data archive of node JVMs ({@link NodeClassArchive}). Without inputs
 * it sends a small, a large (read in place) and a primitive message on output {@code data} and returns; with input
 * {@code data} it goes through what every node does before and at its first events (connect, subscribe, receive,
 * {@code InputClosed}, {@code Stop}), and its JVM writes the classes it loaded into the archive as it exits. Not API.
 */
public final class ClassDataTrainingNode implements NodeMain {

    private static final int MESSAGES = 3;

    @Override
    public void run(Node node) {
        if (node.inputIds().isEmpty()) {
            node.sendBytes("data", new byte[64]);
            node.sendBytes("data", new byte[64 << 10]); // at or above the in-place threshold
            node.sendLongs("data", 1, 2, 3);
            return;
        }
        int received = 0;
        long values = 0;
        for (Event event : node) {
            if (event instanceof Event.Input input) {
                values += input.data().getValueCount() + input.metadata().parameters().size();
                received++;
            }
        }
        if (received != MESSAGES) {
            throw new IllegalStateException("received " + received + " of " + MESSAGES + " messages (" + values
                    + " values)");
        }
    }
}
