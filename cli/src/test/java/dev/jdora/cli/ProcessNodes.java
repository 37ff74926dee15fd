package dev.jdora.cli;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
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
                    long[] s = state.computeIfAbsent(in.id(), k -> new long[4]);
                    count(s, Data.toLongs(in.data())[0]);
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

    /** Counts {@code seq} into {@code s} = {next expected, received, gaps, duplicates}. */
    private static void count(long[] s, long seq) {
        if (seq > s[0]) {
            s[2] += seq - s[0];
        } else if (seq < s[0]) {
            s[3]++;
        }
        s[0] = Math.max(s[0], seq + 1);
        s[1]++;
    }

    /** Parks until the process ends, ignoring interrupts: a node that will not return by itself. */
    private static void parkForever() {
        while (true) {
            Thread.interrupted();
            LockSupport.parkNanos(1_000_000);
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
                    parkForever();
                }
            }
        }
    }

    /**
     * Ignores Stop; on SIGTERM its shutdown hook prints a line, works for {@code env HOOK_MILLIS} (default 1000), prints
     * another and halts with exit code 0: everything it says while it shuts down must reach its log.
     */
    public static final class SlowShutdown implements NodeMain {
        @Override
        public void run(Node node) {
            long hookMillis = env(node, "HOOK_MILLIS", 1000);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("shutting down");
                LockSupport.parkNanos(hookMillis * 1_000_000); // the node's own clean-up work
                System.out.println("shut down cleanly");
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }));
            for (Event event : node) {
                if (event instanceof Event.Input) {
                    System.out.println("started");
                }
            }
            parkForever(); // the Stop is ignored: only SIGTERM ends this node
        }
    }

    /**
     * Returns on Stop, then takes {@code env HOOK_MILLIS} (default 60000) in a shutdown hook to exit: a node that has
     * finished but whose process is still exiting.
     */
    public static final class SlowExit implements NodeMain {
        @Override
        public void run(Node node) {
            long hookMillis = env(node, "HOOK_MILLIS", 60000);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("exiting slowly");
                LockSupport.parkNanos(hookMillis * 1_000_000);
            }));
            for (Event event : node) {
                if (event instanceof Event.Input) {
                    System.out.println("started");
                }
            }
            System.out.println("returned");
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

    /**
     * Counts the ticks of each timer input for {@code SECONDS} after its first tick, then prints one line per input:
     * {@code ticks <input> received <n> span <nanos>}, where the span is between the timestamps of the first and the
     * last tick counted (a timer stamps each tick when it sends it). Then waits for {@code Stop}.
     */
    public static final class TickCounter implements NodeMain {
        @Override
        public void run(Node node) {
            long window = env(node, "SECONDS", 5) * 1_000_000_000L;
            Map<String, long[]> state = new TreeMap<>(); // input -> {first stamp, last stamp, received, reported}
            int reported = 0;
            for (Event event : node) {
                if (!(event instanceof Event.Input in)) {
                    continue;
                }
                long stamp = in.metadata().timestamp().nanos();
                long[] s = state.computeIfAbsent(in.id(), k -> new long[] {stamp, stamp, 0, 0});
                if (s[3] != 0) {
                    continue;
                }
                if (stamp - s[0] > window) {
                    s[3] = 1;
                    System.out.println("ticks " + in.id() + " received " + s[2] + " span " + (s[1] - s[0])
                            + " dropped " + node.droppedCount(in.id()));
                    if (++reported == node.inputIds().size()) {
                        System.out.println("counted");
                    }
                    continue;
                }
                s[1] = stamp;
                s[2]++;
            }
        }
    }

    /**
     * {@code THREADS} threads send {@code COUNT} messages each on {@code seq} at the same time; a message is
     * {@code [thread, i]}. Prints {@code sent <total>} once every thread has finished.
     */
    public static final class ThreadedProducer implements NodeMain {
        @Override
        public void run(Node node) throws Exception {
            int threads = (int) env(node, "THREADS", 4);
            long count = env(node, "COUNT", 1000);
            List<Thread> senders = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < threads; t++) {
                long thread = t;
                senders.add(new Thread(() -> {
                    try (var value = Data.longs(node.allocator(), thread, 0)) {
                        for (long i = 0; i < count; i++) {
                            value.set(1, i);
                            node.send("seq", value);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "sender-" + t));
            }
            senders.forEach(Thread::start);
            for (Thread sender : senders) {
                sender.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a sender thread failed", failure.get());
            }
            System.out.println("sent " + threads * count);
        }
    }

    /**
     * Checks the messages of a {@link ThreadedProducer}: per sending thread, in order with no gap and no duplicate.
     * Prints {@code thread <t> received <n> gaps <g> duplicates <d>} per thread at the end.
     */
    public static final class ThreadedSequenceChecker implements NodeMain {
        @Override
        public void run(Node node) {
            Map<Long, long[]> state = new TreeMap<>(); // thread -> {next expected, received, gaps, duplicates}
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    long[] message = Data.toLongs(in.data());
                    count(state.computeIfAbsent(message[0], k -> new long[4]), message[1]);
                }
            }
            state.forEach((thread, s) -> System.out.println("thread " + thread + " received " + s[1] + " gaps "
                    + s[2] + " duplicates " + s[3]));
        }
    }

    /** Sends one number on {@code out}, then waits for {@code Stop} (its output stays open). */
    public static final class SendOneThenWait implements NodeMain {
        @Override
        public void run(Node node) {
            node.sendLongs("out", 1);
            for (Event event : node) {
                // nothing to do until Stop
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
