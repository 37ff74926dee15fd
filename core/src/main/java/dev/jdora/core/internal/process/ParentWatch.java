package dev.jdora.core.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Keeps a node process from outliving its daemon, even before it has connected to the control channel: the daemon
 * gives every node process a standard input pipe that it never writes; when the daemon dies the pipe ends, and a
 * daemon thread ({@code jdora-parent-watch}) halts the process {@link ControlClient#ORPHAN_GRACE_MILLIS} later.
 * Also makes the process ignore SIGINT: a Ctrl-C is the daemon's to handle, which stops nodes through the control
 * channel. Started at most once per process; only when the daemon asked for it ({@value NodeConfig#PARENT_WATCH_ENV}).
 */
public final class ParentWatch {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ParentWatch() {
    }

    /** Starts watching if this is a node process started by a daemon. Idempotent; never blocks. */
    public static void startIfNodeProcess() {
        if (!"stdin".equals(System.getenv(NodeConfig.PARENT_WATCH_ENV)) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        try {
            Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException unsupported) {
            // no SIGINT on this platform
        }
        Thread watch = new Thread(ParentWatch::watch, "jdora-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void watch() {
        InputStream in = System.in;
        try {
            while (in.read() >= 0) {
                // the daemon never writes: anything read is ignored
            }
        } catch (IOException ignored) {
            // the pipe broke: same as its end
        }
        try {
            TimeUnit.MILLISECONDS.sleep(ControlClient.ORPHAN_GRACE_MILLIS);
        } catch (InterruptedException ignored) {
            // halt now
        }
        System.err.println("jdora: the daemon is gone; this node process exits");
        Runtime.getRuntime().halt(1);
    }
}
