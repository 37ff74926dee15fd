package dev.jdora.runtime;

import static dev.jdora.runtime.TestNodes.MARKS;
import static dev.jdora.runtime.TestNodes.record;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.Operator;
import dev.jdora.core.OperatorStatus;
import dev.jdora.core.Outputs;
import java.util.concurrent.atomic.AtomicLong;

/** Nodes of the start-and-end tests; they record what they see in {@link TestNodes#SEEN} by node id. */
final class LifecycleNodes {

    /** How many numbers every {@link Numbers} node has sent so far. */
    static final AtomicLong SENT = new AtomicLong();

    private LifecycleNodes() {
    }

    /** On every tick, sends the next number (0, 1, 2, …) on {@code out}. */
    public static final class Numbers implements NodeMain {
        @Override
        public void run(Node node) {
            long next = 0;
            for (Event event : node) {
                record(node, event);
                if (event instanceof Event.Input) {
                    node.sendLongs("out", next++);
                    SENT.incrementAndGet();
                }
            }
        }
    }

    /** Forwards every number it reads on {@code out}. */
    public static final class Relay implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                record(node, event);
                if (event instanceof Event.Input in) {
                    node.sendLongs("out", Data.toLongs(in.data())[0]);
                }
            }
        }
    }

    /**
     * Slow to start: opens its node, then waits for the test's {@link TestNodes#release} before its first read (a node
     * loading classes or a model). After {@code env COUNT} inputs (default 20) it calls {@code stopAll()} and reads
     * on until its {@code Stop} if {@code env STOP_ALL} is true, else it returns.
     */
    public static final class Sink implements NodeMain {
        @Override
        public void run(Node node) throws InterruptedException {
            int count = Integer.parseInt(node.env().getOrDefault("COUNT", "20"));
            boolean stopAll = Boolean.parseBoolean(node.env().getOrDefault("STOP_ALL", "false"));
            MARKS.put(node.id() + ".subscribed", 1L);
            TestNodes.release.await();
            int inputs = 0;
            for (Event event : node) {
                record(node, event);
                if (event instanceof Event.Input && ++inputs == count) {
                    if (!stopAll) {
                        return;
                    }
                    node.stopAll();
                }
            }
        }
    }

    /** An operator slow to load: its constructor waits for the test's {@link TestNodes#release}. */
    public static final class SlowOperator implements Operator {
        public SlowOperator() throws InterruptedException {
            TestNodes.release.await();
        }

        @Override
        public OperatorStatus onEvent(Event event, Outputs outputs) {
            TestNodes.SEEN.computeIfAbsent("SlowOperator", k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(TestNodes.describe(event));
            return OperatorStatus.CONTINUE;
        }
    }
}
