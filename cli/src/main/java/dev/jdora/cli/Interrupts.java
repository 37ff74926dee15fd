package dev.jdora.cli;

import dev.jdora.runtime.DataflowRun;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C on {@code jdora run} (and {@code jdora record --attach}): the first SIGINT (or SIGTERM) stops gracefully, the
 * second at once. Uses {@code sun.misc.Signal} (jdk.unsupported) because shutdown hooks cannot see a second Ctrl-C.
 */
final class Interrupts {

    private Interrupts() {
    }

    static void onCtrlC(DataflowRun run) {
        onCtrlC(run::stop, run::kill);
    }

    /** Runs {@code stop} on the first SIGINT or SIGTERM, {@code now} on the next; on the signal handler's thread. */
    static void onCtrlC(Runnable stop, Runnable now) {
        AtomicInteger count = new AtomicInteger();
        SignalHandler handler = signal -> {
            if (count.incrementAndGet() == 1) {
                System.err.println("jdora: stopping (press Ctrl-C again to stop at once)");
                stop.run();
            } else {
                System.err.println("jdora: stopping now");
                now.run();
            }
        };
        Signal.handle(new Signal("INT"), handler);
        Signal.handle(new Signal("TERM"), handler);
    }
}
