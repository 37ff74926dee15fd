package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.Map;

/** Nodes for {@link DynamicNodeTest}: two the run launches and the dynamic one a test starts by hand. */
final class DynamicNodes {

    private DynamicNodes() {
    }

    private static long count(Node node) {
        return Long.parseLong(node.env().getOrDefault("COUNT", "100"));
    }

    /** Sends {@code COUNT} sequence numbers on {@code out}, then waits for {@code Stop}, which it prints. */
    public static final class Counter implements NodeMain {
        @Override
        public void run(Node node) {
            try (var value = Data.longs(node.allocator(), 0)) {
                for (long i = 0; i < count(node); i++) {
                    value.set(0, i);
                    node.send("out", value);
                }
            }
            for (Event event : node) {
                if (event instanceof Event.Stop stop) {
                    System.out.println("stop " + stop.cause());
                }
            }
        }
    }

    /**
     * The dynamic node, a plain program: forwards each input to {@code out} (keeping the {@code redelivered} mark)
     * and prints what else happens. With {@code KILL_AT=n} in its environment its process dies after forwarding
     * {@code n} messages, without closing its node.
     */
    public static final class Echo {
        public static void main(String[] args) {
            long killAt = Long.parseLong(System.getenv().getOrDefault("KILL_AT", "-1"));
            long forwarded = 0;
            try (Node node = Node.fromEnv()) {
                System.out.println("joined as " + node.id());
                for (Event event : node) {
                    if (event instanceof Event.Input in) {
                        boolean again = in.metadata().parameter("redelivered", Boolean.class).orElse(false);
                        node.send("out", in.data(), again ? Map.of("redelivered", true) : Map.of());
                        if (++forwarded == killAt) {
                            Runtime.getRuntime().halt(1);
                        }
                    } else if (event instanceof Event.Stop stop) {
                        System.out.println("stop " + stop.cause());
                    } else {
                        System.out.println("event " + event);
                    }
                }
            }
        }
    }

    /**
     * Reads sequence numbers: prints {@code got COUNT gaps G} once all of them arrived (repeats marked {@code redelivered}
     * allowed), every event that is not an input, and at the end {@code unmarked repeats N}.
     */
    public static final class Sink implements NodeMain {
        @Override
        public void run(Node node) {
            long next = 0;
            long unmarked = 0;
            long gaps = 0;
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    long value = Data.toLongs(in.data())[0];
                    if (value < next && !in.metadata().parameter("redelivered", Boolean.class).orElse(false)) {
                        unmarked++;
                    }
                    gaps += value > next ? 1 : 0;
                    next = Math.max(next, value + 1);
                    if (next == count(node) && value == next - 1) {
                        System.out.println("got " + next + " gaps " + gaps);
                    }
                } else {
                    System.out.println("event " + event);
                }
            }
            System.out.println("unmarked repeats " + unmarked);
        }
    }
}
