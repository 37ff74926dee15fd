package dev.jdora.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The threads a harness starts: named, daemon, tracked so that {@code close()} can prove none survives. */
final class HarnessThreads {

    private final String prefix;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** @param prefix every thread name starts with it, e.g. {@code jdora-test-upper} */
    HarnessThreads(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** Starts {@code body} on a new thread named {@code prefix + suffix}. */
    Thread start(String suffix, Runnable body) {
        Thread thread = new Thread(body, prefix + suffix);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return thread;
    }

    /** Joins every thread until {@code deadlineNanos} ({@link System#nanoTime()} scale); returns the survivors. */
    List<Thread> joinAll(long deadlineNanos) {
        List<Thread> survivors = new ArrayList<>();
        for (Thread thread : threads) {
            if (!Joins.join(thread, deadlineNanos)) {
                survivors.add(thread);
            }
        }
        return survivors;
    }
}
