package dev.jdora.runtime.internal;

import dev.jdora.core.internal.OwnerOnly;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one node prints: appended to {@code <run>/<node>.log}, echoed to the console prefixed with the node id, its
 * last lines kept for the failure report, and with {@code send_stdout_as} sent line by line on that output
 * ({@link StdoutOutput}, which this log owns and ends when it closes). The file (mode 0600) and the directories
 * created for it (0700) are for the owner only. Thread-safe (writes are serialized per node).
 */
final class NodeLog implements AutoCloseable {

    static final int KEPT_LINES = 20;
    private static final String[] COLOURS = {"\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m",
        "\u001b[91m", "\u001b[96m", "\u001b[93m"};
    private static final String RESET = "\u001b[0m";

    private final String prefix;
    private final @Nullable OutputStream file;
    private boolean fileFailed;
    private final @Nullable PrintStream console;
    private final ArrayDeque<String> lastLines = new ArrayDeque<>();
    /** The unterminated line of standard output, and of standard error: lines of the two never mix. */
    private final ByteArrayOutputStream pendingOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream pendingErr = new ByteArrayOutputStream();
    private volatile @Nullable StdoutOutput stdoutOutput;

    NodeLog(String nodeId, int index, Path file, @Nullable PrintStream console, boolean colour) throws IOException {
        this.prefix = colour ? COLOURS[index % COLOURS.length] + nodeId + RESET + " | " : nodeId + " | ";
        OwnerOnly.createDirectories(file.getParent()); // what a node prints is for its user only
        this.file = OwnerOnly.newOutputStream(file);
        this.console = console;
    }

    /** Sends every line from now on on the node's {@code send_stdout_as} output; before the node starts. */
    synchronized void sendLinesTo(StdoutOutput output) {
        this.stdoutOutput = output;
    }

    /**
     * Ends the {@code send_stdout_as} output at once, as a failure: a node that is being given up on may be waiting,
     * inside this log, for a reader of it. Any thread; does not take this log's lock.
     */
    void abortStdoutOutput(String reason) {
        StdoutOutput output = stdoutOutput;
        if (output != null) {
            output.abort(reason);
        }
    }

    /** What the node wrote on its standard output. */
    void write(byte[] bytes, int offset, int length) {
        write(false, bytes, offset, length);
    }

    /** What the node wrote on its standard error ({@code stderr}) or output. */
    synchronized void write(boolean stderr, byte[] bytes, int offset, int length) {
        ByteArrayOutputStream pending = stderr ? pendingErr : pendingOut;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                flushLine(pending);
            } else {
                pending.write(bytes[i]);
            }
        }
    }

    private void flushLine(ByteArrayOutputStream pending) {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (lastLines.size() == KEPT_LINES) {
            lastLines.removeFirst();
        }
        lastLines.addLast(line);
        try {
            if (file != null) {
                file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                file.flush();
            }
        } catch (IOException e) {
            // a full disk must not fail the node; the console still shows the line, and the loss is said once
            if (!fileFailed && console != null) {
                fileFailed = true; // on the console, not System.err: a node thread's System.err comes back here
                console.println(prefix + "jdora: cannot write this node's log file, lines are lost from it: " + e);
            }
        }
        if (console != null) {
            console.println(prefix + line);
        }
        if (stdoutOutput != null) {
            stdoutOutput.line(line);
        }
    }

    /** The last lines written (at most {@link #KEPT_LINES}). */
    synchronized List<String> lastLines() {
        return List.copyOf(lastLines);
    }

    /** Flushes a last unterminated line and closes the file and the {@code send_stdout_as} output. */
    @Override
    public void close() {
        close(Optional.empty());
    }

    /**
     * As {@link #close()}, ending the {@code send_stdout_as} output as a failure of the node if {@code failure} is
     * present (its readers then see {@code NodeFailed}, as for its other outputs).
     */
    synchronized void close(Optional<String> failure) {
        for (ByteArrayOutputStream pending : List.of(pendingOut, pendingErr)) {
            if (pending.size() > 0) {
                flushLine(pending);
            }
        }
        if (stdoutOutput != null) {
            stdoutOutput.end(failure);
        }
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException ignored) {
            // nothing more to write
        }
    }
}
