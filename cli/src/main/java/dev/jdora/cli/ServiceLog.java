package dev.jdora.cli;

import dev.jdora.runtime.internal.UserDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * What the long-running commands ({@code jdora coordinator}, {@code jdora daemon}) share: their log, a file in this
 * user's private log directory ({@code <runtime dir>/logs}, mode 0700; the file 0600, appended to), and waiting until
 * the process is told to end (Ctrl-C or SIGTERM), when a shutdown hook closes what they run.
 */
final class ServiceLog {

    private ServiceLog() {
    }

    /**
     * Sends this process's log (SLF4J's simple logger writes to the standard error) to {@code <log dir>/<name>}, with
     * the time on every line. Call before anything logs.
     *
     * @return the log file
     */
    static Path redirect(String name) throws IOException {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "true");
        Path file = UserDirectory.of("logs").resolve(name);
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        System.setErr(new PrintStream(out, true, "UTF-8"));
        return file;
    }

    /** Blocks until the JVM ends; then (in a shutdown hook) closes {@code service}. */
    static void runUntilShutdown(AutoCloseable service, String name) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println(name + ": closing failed: " + e);
            } finally {
                closed.countDown();
            }
        }, "jdora-" + name + "-shutdown"));
        closed.await();
    }
}
