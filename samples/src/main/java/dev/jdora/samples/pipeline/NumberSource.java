package dev.jdora.samples.pipeline;

import dev.jdora.core.Event;
import dev.jdora.core.Node;

/**
 * Sends 0, 1, 2, … on {@code number}, one per timer tick, {@code COUNT} times (env, default 20), then ends — which
 * closes {@code number} for everything downstream. Written with the plain pull loop of dora's tutorial.
 */
public final class NumberSource {

    private NumberSource() {
    }

    public static void main(String[] args) {
        try (Node node = Node.fromEnv()) {
            int count = Integer.parseInt(node.env().getOrDefault("COUNT", "20"));
            long next = 0;
            for (Event event : node) {
                if (event instanceof Event.Input input && input.id().equals("tick")) {
                    node.sendLongs("number", next++);
                    if (next == count) {
                        System.out.println("sent " + count + " numbers, done");
                        return;
                    }
                } else if (event instanceof Event.Stop stop) {
                    System.out.println("stopped: " + stop.cause());
                }
            }
        }
    }
}
