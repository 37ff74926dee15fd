package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Nodes of the record and replay tests. */
final class RecordingNodes {

    private RecordingNodes() {
    }

    /**
     * Sends {@code env COUNT} messages on {@code out} (message {@code i} is the longs {@code [i, i * i]} with the
     * parameter {@code n = i}), one per tick of its timer if it has one, else back to back; {@code COUNT 0}: forever.
     */
    public static final class Burst implements NodeMain {
        @Override
        public void run(Node node) {
            long count = Long.parseLong(node.env().getOrDefault("COUNT", "100"));
            long i = 0;
            if (node.inputIds().isEmpty()) {
                for (; i < count; i++) {
                    send(node, i);
                }
                System.out.println("sent " + i);
                return;
            }
            for (Event event : node) {
                if (event instanceof Event.Input) {
                    send(node, i++);
                    if (i == count) {
                        System.out.println("sent " + i);
                        return;
                    }
                }
            }
        }

        static void send(Node node, long i) {
            try (var v = Data.longs(node.allocator(), i, i * i)) {
                node.send("out", v, Map.of("n", i, "half", i / 2.0));
            }
        }
    }

    /** Prints {@code got [..]}: the first value and the parameter {@code n} of every message, at its end. */
    public static final class Collect implements NodeMain {
        @Override
        public void run(Node node) {
            List<String> got = new ArrayList<>();
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    long[] values = Data.toLongs(in.data());
                    got.add(values[0] + ":" + values[1] + ":" + in.metadata().parameter("n", Long.class).orElse(-1L)
                            + ":" + in.metadata().parameter("half", Double.class).orElse(-1.0));
                }
            }
            System.out.println("got " + got.size() + " " + got);
        }
    }

    /** On its first input, sends {@code env COUNT} messages on {@code out} back to back, as {@link Burst}; then ends. */
    public static final class OnCommand implements NodeMain {
        @Override
        public void run(Node node) {
            long count = Long.parseLong(node.env().getOrDefault("COUNT", "100"));
            for (Event event : node) {
                if (event instanceof Event.Input) {
                    for (long i = 0; i < count; i++) {
                        Burst.send(node, i);
                    }
                    System.out.println("sent " + count);
                    return;
                }
            }
        }
    }
}
