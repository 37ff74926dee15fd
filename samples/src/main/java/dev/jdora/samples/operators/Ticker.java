package dev.jdora.samples.operators;

import dev.jdora.core.Event;
import dev.jdora.core.Node;

/** A plain node: sends 1, 2, … {@code COUNT} (env, default 20) on {@code number}, one per timer tick, then ends. */
public final class Ticker {

    private Ticker() {
    }

    public static void main(String[] args) {
        try (Node node = Node.fromEnv()) {
            int count = Integer.parseInt(node.env().getOrDefault("COUNT", "20"));
            long next = 1;
            for (Event event : node) {
                if (event instanceof Event.Input input && input.id().equals("tick")) {
                    node.sendLongs("number", next);
                    if (next++ == count) {
                        System.out.println("sent " + count + " numbers, done");
                        return;
                    }
                }
            }
        }
    }
}
