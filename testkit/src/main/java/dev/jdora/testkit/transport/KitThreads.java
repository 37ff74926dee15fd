package dev.jdora.testkit.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The threads one kit test starts: named, daemon, tracked so that the leak check can prove none survives. */
final class KitThreads {

    /** A thread's body; what it throws is kept and rethrown by {@link Worker#join}. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** One started thread and what its body threw. */
    static final class Worker {
        private final Thread thread;
        private volatile @Nullable Throwable failure;

        private Worker(String name, Body body) {
            this.thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure = t;
                }
            }, name);
            thread.setDaemon(true);
        }

        Thread thread() {
            return thread;
        }

        /** Its name, state and what its body threw, for failure messages. */
        String describe() {
            Throwable t = failure;
            return thread.getName() + " (" + thread.getState() + (t == null ? "" : ", threw " + t) + ")";
        }

        /**
         * Waits for the thread to end and rethrows what its body threw.
         *
         * @throws AssertionError if it is still alive after {@code timeout}, or its body threw
         */
        void join(Duration timeout) throws InterruptedException {
            TimeUnit.NANOSECONDS.timedJoin(thread, timeout.toNanos());
            if (thread.isAlive()) {
                throw new AssertionError("thread " + thread.getName() + " still running after " + timeout);
            }
            Throwable t = failure;
            if (t != null) {
                throw new AssertionError("thread " + thread.getName() + " failed: " + t, t);
            }
        }
    }

    private final String prefix;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();

    /** @param prefix every thread name starts with it */
    KitThreads(String prefix) {
        this.prefix = prefix;
    }

    /** Starts {@code body} on a new daemon thread named {@code prefix + name}. */
    Worker start(String name, Body body) {
        Worker worker = new Worker(prefix + name, body);
        workers.add(worker);
        worker.thread.start();
        return worker;
    }

    /**
     * Interrupts every thread still alive (a test that passes has joined them all) and waits for them until
     * {@code timeout}.
     *
     * @return the names of the threads that were still alive when this was called
     */
    List<String> stopAll(Duration timeout) throws InterruptedException {
        List<String> survivors = new ArrayList<>();
        for (Worker worker : workers) {
            if (worker.thread.isAlive()) {
                survivors.add(worker.thread.getName());
                worker.thread.interrupt();
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Worker worker : workers) {
            TimeUnit.NANOSECONDS.timedJoin(worker.thread, Math.max(1, deadline - System.nanoTime()));
        }
        return survivors;
    }
}
