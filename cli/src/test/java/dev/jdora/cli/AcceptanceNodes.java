package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.time.Duration;

/** Nodes of {@link TwoNamespacesAcceptanceTest}; they report through their logs. */
final class AcceptanceNodes {

    private AcceptanceNodes() {
    }

    /** Sends 0..COUNT-1 on {@code seq} as fast as it may, then ends. */
    public static final class Source implements NodeMain {
        @Override
        public void run(Node node) {
            long count = Long.parseLong(node.env().getOrDefault("COUNT", "1000"));
            try (var value = Data.longs(node.allocator(), 0)) {
                for (long i = 0; i < count; i++) {
                    value.set(0, i);
                    node.send("seq", value);
                }
            }
        }
    }

    /** Sends 0, 1, 2, … on {@code seq} until stopped, one every millisecond. */
    public static final class Endless implements NodeMain {
        @Override
        public void run(Node node) {
            long i = 0;
            while (node.next(Duration.ofMillis(1)).map(e -> !(e instanceof Event.Stop)).orElse(true)) {
                node.sendLongs("seq", i++);
            }
        }
    }

    /** Passes {@code in} on to {@code seq} unchanged. */
    public static final class Relay implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    node.send("seq", in.data());
                }
            }
        }
    }

    /**
     * Counts gaps and duplicates of the sequence on {@code in}; prints {@code first V}, {@code at N} every 50,000, {@code NodeFailed}
     * with its {@code System.nanoTime()} (the same clock as the test's, on one host), and a summary at the end.
     */
    public static final class Checker implements NodeMain {
        @Override
        public void run(Node node) {
            long expected = 0;
            long gaps = 0;
            long duplicates = 0;
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    long value = Data.toLongs(in.data())[0];
                    if (expected == 0 && duplicates == 0) {
                        System.out.println("first " + value);
                    }
                    if (value < expected) {
                        duplicates++;
                    } else {
                        gaps += value - expected;
                        expected = value + 1;
                    }
                    if (expected % 50_000 == 0) {
                        System.out.println("at " + expected);
                    }
                } else if (event instanceof Event.NodeFailed failed) {
                    System.out.println("NodeFailed " + failed.sourceNodeId() + " at " + System.nanoTime());
                }
            }
            System.out.println("received " + expected + " gaps " + gaps + " duplicates " + duplicates);
        }
    }
}
