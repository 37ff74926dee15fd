package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;
import org.apache.arrow.vector.UInt1Vector;

/** Nodes for {@link ProcessModeTest}: each runs in a process of its own and reports through its log. */
final class ProcessNodes {

    private ProcessNodes() {
    }

    private static long env(Node node, String key, long fallback) {
        return Long.parseLong(node.env().getOrDefault(key, Long.toString(fallback)));
    }

    /** Sends {@code COUNT} sequence numbers on {@code out} as fast as it may, then ends. Prints its pid first. */
    public static final class Producer implements NodeMain {
        @Override
        public void run(Node node) {
            System.out.println("pid " + ProcessHandle.current().pid());
            long count = env(node, "COUNT", 1000);
            long pauseMicros = env(node, "PAUSE_MICROS", 0);
            try (var value = Data.longs(node.allocator(), 0)) {
                for (long i = 0; i < count; i++) {
                    value.set(0, i);
                    node.send("out", value);
                    if (pauseMicros > 0) {
                        LockSupport.parkNanos(pauseMicros * 1000);
                    }
                }
            }
            System.out.println("sent " + count);
        }
    }

    /**
     * Checks, per input, that sequence numbers arrive in order with no gap and no duplicate; prints one summary line
     * per input and every non-input event with its {@code System.nanoTime()}.
     */
    public static final class SequenceChecker implements NodeMain {
        @Override
        public void run(Node node) {
            long delayMicros = env(node, "DELAY_MICROS", 0);
            long pauseEvery = env(node, "PAUSE_EVERY", 1);
            Map<String, long[]> state = new TreeMap<>(); // input -> {next expected, received, gaps, duplicates}
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    long seq = Data.toLongs(in.data())[0];
                    long[] s = state.computeIfAbsent(in.id(), k -> new long[4]);
                    if (seq > s[0]) {
                        s[2] += seq - s[0];
                    } else if (seq < s[0]) {
                        s[3]++;
                    }
                    s[0] = Math.max(s[0], seq + 1);
                    s[1]++;
                    if (delayMicros > 0 && s[1] % pauseEvery == 0) {
                        LockSupport.parkNanos(delayMicros * 1000); // the reader's simulated work
                    }
                } else {
                    System.out.println("event " + System.nanoTime() + " " + describe(event));
                }
            }
            state.forEach((input, s) -> System.out.println("input " + input + " received " + s[1] + " gaps " + s[2]
                    + " duplicates " + s[3]));
        }

        private static String describe(Event event) {
            if (event instanceof Event.NodeFailed f) {
                return "NodeFailed " + f.sourceNodeId() + " " + f.affectedInputIds();
            }
            if (event instanceof Event.InputClosed c) {
                return "InputClosed " + c.id();
            }
            if (event instanceof Event.Stop s) {
                return "Stop " + s.cause();
            }
            return event.toString();
        }
    }

    /** Sends one {@code SIZE_MIB} MiB payload with a known pattern and prints its CRC32. */
    public static final class BigSender implements NodeMain {
        @Override
        public void run(Node node) {
            int size = (int) (env(node, "SIZE_MIB", 40) << 20);
            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) (i * 31 + (i >>> 13));
            }
            CRC32 crc = new CRC32();
            crc.update(bytes);
            try (UInt1Vector v = Data.bytes(node.allocator(), bytes)) {
                node.send("out", v);
            }
            System.out.println("sent crc " + crc.getValue());
        }
    }

    /** Prints the size and CRC32 of every payload it receives. */
    public static final class BigReceiver implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    byte[] bytes = Data.toBytes(in.data());
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    System.out.println("received " + bytes.length + " crc " + crc.getValue());
                }
            }
        }
    }

    /** Ignores Stop (and SIGTERM cannot be ignored by a JVM, which exits on it). */
    public static final class IgnoresStop implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Input) {
                    System.out.println("started");
                } else if (event instanceof Event.Stop) {
                    System.out.println("ignoring stop at " + System.nanoTime());
                    while (true) {
                        Thread.interrupted();
                        LockSupport.parkNanos(1_000_000);
                    }
                }
            }
        }
    }

    /** A node with a {@code main} that a script or an executable jar starts: it finds its node in the environment. */
    public static final class PathMain {
        private PathMain() {
        }

        public static void main(String[] args) {
            try (Node node = Node.fromEnv()) {
                long count = Long.parseLong(args[0]);
                for (long i = 0; i < count; i++) {
                    node.sendLongs("out", i);
                }
                System.out.println("path node sent " + count + " as " + node.id());
            }
        }
    }

    /** Ticks until stopped. */
    public static final class Ticker implements NodeMain {
        @Override
        public void run(Node node) {
            System.out.println("pid " + ProcessHandle.current().pid());
            boolean announced = false;
            for (Event event : node) {
                if (!announced && event instanceof Event.Input) {
                    System.out.println("started");
                    announced = true;
                }
            }
        }
    }
}
