package dev.jdora.runtime.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Routes {@code System.out} and {@code System.err} of node threads (and the threads they start) to their
 * {@link NodeLog}; other threads print as before. Installed while at least one run is active.
 */
final class ConsoleRouter {

    private static final InheritableThreadLocal<@Nullable NodeLog> CURRENT = new InheritableThreadLocal<>();
    private static int installs;
    private static @Nullable PrintStream originalOut;
    private static @Nullable PrintStream originalErr;

    private ConsoleRouter() {
    }

    /** The stdout this process had before any run installed the router. */
    static synchronized PrintStream console() {
        return originalOut != null ? originalOut : System.out;
    }

    static synchronized void install() {
        if (installs++ == 0) {
            originalOut = System.out;
            originalErr = System.err;
            System.setOut(routing(originalOut, false));
            System.setErr(routing(originalErr, true));
        }
    }

    static synchronized void uninstall() {
        if (--installs == 0 && originalOut != null && originalErr != null) {
            System.out.flush();
            System.err.flush();
            System.setOut(originalOut);
            System.setErr(originalErr);
            originalOut = null;
            originalErr = null;
        }
    }

    /** Routes the calling thread (and threads it starts from now on) to {@code log}. */
    static void bind(NodeLog log) {
        CURRENT.set(log);
    }

    static void unbind() {
        CURRENT.remove();
    }

    private static PrintStream routing(PrintStream fallback, boolean stderr) {
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                NodeLog log = CURRENT.get();
                if (log != null) {
                    log.write(stderr, b, off, len);
                } else {
                    fallback.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                fallback.flush();
            }
        };
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
