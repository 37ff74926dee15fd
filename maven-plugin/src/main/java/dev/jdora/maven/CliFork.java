package dev.jdora.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * Runs the jdora command line as a child process and waits for it: its standard output and error go to Maven's, line
 * by line, and the last lines of its standard error are kept for the build's failure message.
 *
 * <p><b>Stopping.</b> The child is in Maven's process group, so Ctrl-C in the terminal reaches it directly and it stops
 * the dataflow as {@code jdora run} does (a second Ctrl-C at once). Meanwhile Maven's JVM, which exits on Ctrl-C too,
 * waits in a shutdown hook for the child to end (at most {@link #SHUTDOWN_WAIT}, then kills it), so that the
 * child's last lines are still shown and it never outlives the build.
 *
 * <p><b>Threads.</b> {@link #run} blocks the calling thread until the child has ended and both of its streams are
 * drained, each by a thread of its own ({@code jdora-fork-out}, {@code jdora-fork-err}) that ends with its stream.
 */
final class CliFork {

    /** How many of the child's last standard-error lines a failure message quotes. */
    static final int TAIL_LINES = 20;
    /** How long Maven's JVM, when it exits, waits for a child that is still running before it kills it. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    /** How the child ended: its exit status and the last lines of its standard error, oldest first. */
    record Result(int exitStatus, List<String> lastErrorLines) {
    }

    private CliFork() {
    }

    /** Starts {@code command} in {@code directory} and waits for it to end. */
    static Result run(List<String> command, Path directory) throws MojoExecutionException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread out = pump(process.getInputStream(), System.out, line -> { }, "jdora-fork-out");
        Thread err = pump(process.getErrorStream(), System.err, line -> keep(tail, line), "jdora-fork-err");
        Thread hook = new Thread(() -> awaitOrKill(process), "jdora-fork-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int status = process.waitFor();
            out.join();
            err.join();
            synchronized (tail) {
                return new Result(status, List.copyOf(tail));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new MojoExecutionException("interrupted while jdora was running; it was stopped", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it waits for the child, which has ended
            }
        }
    }

    private static void keep(Deque<String> tail, String line) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
    }

    private static Thread pump(InputStream from, PrintStream to, Consumer<String> also, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(from, Charset.defaultCharset()))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    to.println(line);
                    also.accept(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading jdora's output", e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitOrKill(Process process) {
        try {
            if (!process.waitFor(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("jdora: still running " + SHUTDOWN_WAIT.toSeconds() + " s after Maven was stopped; "
                        + "killing it");
                kill(process);
            }
        } catch (InterruptedException e) {
            kill(process);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
