package dev.jdora.cli;

import dev.jdora.runtime.DataflowRun;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C on {@code jdora run}: the first SIGINT (or SIGTERM) stops the run gracefully, the second stops it at once.
 * Uses {@code sun.misc.Signal} (jdk.unsupported) because shutdown hooks cannot see a second Ctrl-C.
 */
final class Interrupts {

    private Interrupts() {
    }

    static void onCtrlC(DataflowRun run) {
        AtomicInteger count = new AtomicInteger();
        SignalHandler handler = signal -> {
            if (count.incrementAndGet() == 1) {
                System.err.println("jdora: stopping (press Ctrl-C again to stop at once)");
                run.stop();
            } else {
                System.err.println("jdora: stopping now");
                run.kill();
            }
        };
        Signal.handle(new Signal("INT"), handler);
        Signal.handle(new Signal("TERM"), handler);
    }
}
