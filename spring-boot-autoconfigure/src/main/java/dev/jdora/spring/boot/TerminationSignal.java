package dev.jdora.spring.boot;

import dev.jdora.core.internal.process.ProcessNodeEnvironment;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM to a node process that is a Spring application ends the node as a normal shutdown: the first one runs an
 * action (the application then closes its context on its own thread and returns), so the process exits with status 0
 * instead of the JVM's 143, and the daemon does not report a killed node. A second SIGTERM goes to the JVM's own
 * handler (shutdown hooks, then exit). Installed only in a node process started by {@code jdora run}.
 */
final class TerminationSignal {

    private static final Signal TERM = new Signal("TERM");

    private final SignalHandler previous;

    private TerminationSignal(SignalHandler previous) {
        this.previous = previous;
    }

    /**
     * In a node process, makes the first SIGTERM run {@code onFirst} (on the JVM's signal thread: it must not block);
     * empty elsewhere, or where the platform has no SIGTERM.
     */
    static Optional<TerminationSignal> install(Runnable onFirst) {
        if (!ProcessNodeEnvironment.isNodeProcess()) {
            return Optional.empty();
        }
        AtomicBoolean received = new AtomicBoolean();
        SignalHandler[] previous = new SignalHandler[1];
        try {
            previous[0] = Signal.handle(TERM, signal -> {
                if (received.compareAndSet(false, true)) {
                    onFirst.run();
                } else {
                    previous[0].handle(signal);
                }
            });
        } catch (IllegalArgumentException unsupported) {
            return Optional.empty();
        }
        return Optional.of(new TerminationSignal(previous[0]));
    }

    /** Gives SIGTERM back to the handler it had before. */
    void uninstall() {
        Signal.handle(TERM, previous);
    }
}
