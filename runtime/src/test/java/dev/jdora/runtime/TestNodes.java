package dev.jdora.runtime;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Node classes the runtime tests run; they record what they see in {@link #SEEN}, keyed by node id. */
final class TestNodes {

    static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();
    static final AtomicLong SEQUENCE = new AtomicLong();
    static final Map<String, Long> MARKS = new ConcurrentHashMap<>();
    static volatile CountDownLatch release = new CountDownLatch(0);

    private TestNodes() {
    }

    static void reset() {
        SEEN.clear();
        MARKS.clear();
        release = new CountDownLatch(0);
    }

    static List<String> seen(String nodeId) {
        return SEEN.getOrDefault(nodeId, List.of());
    }

    static void record(Node node, Event event) {
        SEEN.computeIfAbsent(node.id(), k -> new CopyOnWriteArrayList<>()).add(describe(event));
    }

    static String describe(Event event) {
        if (event instanceof Event.Input in) {
            String value = in.data().getValueCount() == 0 ? "tick" : String.valueOf(Data.toLongs(in.data())[0]);
            return "Input(" + in.id() + ")=" + value;
        }
        if (event instanceof Event.InputClosed c) {
            return "InputClosed(" + c.id() + ")";
        }
        if (event instanceof Event.Stop s) {
            return "Stop(" + s.cause() + ")";
        }
        if (event instanceof Event.NodeFailed f) {
            return "NodeFailed(" + f.sourceNodeId() + "," + f.affectedInputIds() + ")";
        }
        if (event instanceof Event.Reload) {
            return "Reload";
        }
        return event.toString();
    }

    /** Sends {@code env COUNT} (default 100) numbers on {@code out}, then ends. */
    public static final class Counter implements NodeMain {
        @Override
        public void run(Node node) {
            int count = Integer.parseInt(node.env().getOrDefault("COUNT", "100"));
            for (long i = 0; i < count; i++) {
                node.sendLongs("out", i);
            }
        }
    }

    /** Records every event until the stream ends; sleeps {@code env DELAY_MICROS} per input (simulated work). */
    public static final class Recorder implements NodeMain {
        @Override
        public void run(Node node) {
            long delay = Long.parseLong(node.env().getOrDefault("DELAY_MICROS", "0"));
            MARKS.put(node.id() + ".subscribed", SEQUENCE.incrementAndGet());
            for (Event event : node) {
                MARKS.putIfAbsent(node.id() + ".firstEvent", SEQUENCE.incrementAndGet());
                record(node, event);
                if (event instanceof Event.Input && delay > 0) {
                    LockSupport.parkNanos(delay * 1_000);
                }
            }
        }
    }

    /** Records every event; holds its first input until the test's {@link #release} (a reader that is stuck). */
    public static final class Holder implements NodeMain {
        @Override
        public void run(Node node) throws InterruptedException {
            for (Event event : node) {
                record(node, event);
                if (event instanceof Event.Input) {
                    release.await();
                }
            }
        }
    }

    /** Records events and stops by itself after {@code env TICKS} inputs (default 5). */
    public static final class TickCounter implements NodeMain {
        @Override
        public void run(Node node) {
            int ticks = Integer.parseInt(node.env().getOrDefault("TICKS", "5"));
            int seen = 0;
            for (Event event : node) {
                MARKS.putIfAbsent(node.id() + ".firstEvent", SEQUENCE.incrementAndGet());
                record(node, event);
                if (event instanceof Event.Input && ++seen == ticks) {
                    return;
                }
            }
        }
    }

    /** Waits for the test's {@link #release} before subscribing: holds the start barrier. */
    public static final class LateSubscriber {
        private LateSubscriber() {
        }

        public static void main(String[] args) throws InterruptedException {
            release.await();
            MARKS.put("late.subscribing", SEQUENCE.incrementAndGet());
            try (Node node = Node.fromEnv()) {
                for (Event event : node) {
                    record(node, event);
                }
            }
        }
    }

    /** Sends {@code env COUNT} numbers, then throws. */
    public static final class Crasher implements NodeMain {
        @Override
        public void run(Node node) {
            int count = Integer.parseInt(node.env().getOrDefault("COUNT", "3"));
            for (long i = 0; i < count; i++) {
                node.sendLongs("out", i);
            }
            System.out.println("about to fail after " + count + " messages");
            throw new IllegalStateException("boom");
        }
    }

    /** Ignores Stop: keeps running until interrupted. */
    public static final class Stubborn implements NodeMain {
        @Override
        public void run(Node node) throws InterruptedException {
            MARKS.put(node.id() + ".subscribed", SEQUENCE.incrementAndGet());
            for (Event event : node) {
                record(node, event);
                if (event instanceof Event.Stop) {
                    MARKS.put(node.id() + ".gotStop", SEQUENCE.incrementAndGet());
                    Thread.sleep(Long.MAX_VALUE); // deliberately ignores Stop: the grace ladder must interrupt it
                }
            }
        }
    }

    /** Ignores Stop and interrupts alike. */
    public static final class Deaf implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Stop) {
                    while (release.getCount() > 0) {
                        Thread.interrupted();
                        LockSupport.parkNanos(1_000_000);
                    }
                    return;
                }
            }
        }
    }
}
