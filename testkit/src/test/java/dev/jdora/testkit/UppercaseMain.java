package dev.jdora.testkit;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;

/** A node written as a program: upper-cases each string it receives on {@code text}, sends it on {@code out}. */
public final class UppercaseMain {

    private UppercaseMain() {
    }

    public static void main(String[] args) {
        try (Node node = Node.fromEnv()) {
            for (Event event : node) {
                if (event instanceof Event.Input in && in.id().equals("text")) {
                    node.sendString("out", Data.string(in.data()).toUpperCase());
                }
            }
        }
    }
}
