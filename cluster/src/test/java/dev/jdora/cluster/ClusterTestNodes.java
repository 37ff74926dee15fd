package dev.jdora.cluster;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;

/** Node programs (run as processes) for the cluster tests; they print what a test checks in their logs. */
public final class ClusterTestNodes {

    private ClusterTestNodes() {
    }

    /**
     * Sends the sequence numbers 0..COUNT-1 on {@code seq}, then ends — once the file {@code RELEASE} exists, if that
     * variable is set.
     */
    public static final class Source {
        public static void main(String[] args) throws Exception {
            long count = Long.parseLong(System.getenv().getOrDefault("COUNT", "1000"));
            try (Node node = Node.fromEnv()) {
                for (long i = 0; i < count; i++) {
                    node.sendLongs("seq", i);
                }
                awaitRelease();
            }
        }
    }

    /** Waits until the file named by {@code RELEASE} exists, if that variable is set. */
    static void awaitRelease() throws InterruptedException {
        String release = System.getenv("RELEASE");
        while (release != null && !java.nio.file.Files.exists(java.nio.file.Path.of(release))) {
            Thread.sleep(10); // the test creates the file: nothing to be woken by
        }
    }

    /** Prints whether the cluster secret is in its environment, then ends. */
    public static final class PrintsToken {
        public static void main(String[] args) throws Exception {
            try (Node node = Node.fromEnv()) {
                System.out.println("JDORA_TOKEN set: " + (System.getenv("JDORA_TOKEN") != null));
            }
        }
    }

    /** Sends sequence numbers until stopped (for the fault tests). */
    public static final class Endless {
        public static void main(String[] args) throws Exception {
            try (Node node = Node.fromEnv()) {
                long i = 0;
                while (node.next(java.time.Duration.ofMillis(1)).map(e -> !(e instanceof Event.Stop)).orElse(true)) {
                    node.sendLongs("seq", i++);
                }
            }
        }
    }

    /** Passes {@code in} on to {@code seq} unchanged. */
    public static final class Relay {
        public static void main(String[] args) throws Exception {
            try (Node node = Node.fromEnv()) {
                for (Event event : node) {
                    if (event instanceof Event.Input in) {
                        node.send("seq", in.data());
                    }
                }
            }
        }
    }

    /** Checks that {@code in} carries 0, 1, 2, … without a gap; prints the count, and every NodeFailed it sees. */
    public static final class Checker {
        public static void main(String[] args) throws Exception {
            long expected = 0;
            try (Node node = Node.fromEnv()) {
                for (Event event : node) {
                    if (event instanceof Event.Input in) {
                        long value = Data.toLongs(in.data())[0];
                        if (value != expected) {
                            throw new IllegalStateException("gap: expected " + expected + ", got " + value);
                        }
                        expected++;
                    } else if (event instanceof Event.NodeFailed failed) {
                        System.out.println("NodeFailed " + failed.sourceNodeId() + " " + failed.affectedInputIds()
                                + ": " + failed.error());
                    } else if (event instanceof Event.InputClosed closed) {
                        System.out.println("InputClosed " + closed.id());
                    }
                }
            }
            System.out.println("received " + expected + " in order");
        }
    }

    /**
     * Reads {@code in} slowly ({@code PAUSE_MICROS} per message); when the value {@code LAST} comes (the newest is
     * never dropped), prints how many it received and waits until the file {@code RELEASE} exists, so that a test can
     * read the counters of the run before it ends.
     */
    public static final class SlowCounter {
        public static void main(String[] args) throws Exception {
            long pauseNanos = Long.parseLong(System.getenv().getOrDefault("PAUSE_MICROS", "1000")) * 1000;
            long last = Long.parseLong(System.getenv("LAST"));
            long received = 0;
            try (Node node = Node.fromEnv()) {
                for (Event event : node) {
                    if (event instanceof Event.Input in) {
                        received++;
                        java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos); // the reader's work
                        if (Data.toLongs(in.data())[0] == last) {
                            System.out.println("received " + received);
                            awaitRelease();
                        }
                    }
                }
            }
        }
    }
}
