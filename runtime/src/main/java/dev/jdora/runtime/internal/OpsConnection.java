package dev.jdora.runtime.internal;

import dev.jdora.core.internal.process.LineChannel;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One operator's connection to a run's socket (its control socket, or an {@link dev.jdora.runtime.ExternalInput}'s):
 * a request line, answer lines, each within {@link #ANSWER_TIMEOUT}. Every failure becomes an {@link
 * OperationException} saying what it means for the user: permission denied (another user's run), the run is not
 * answering (alive, but stopped or hung), or the run has ended. Not thread-safe; closed by its opener.
 */
final class OpsConnection implements AutoCloseable {

    /**
     * How long a run may take to accept a connection, take a request or send an answer line: a run answers from a
     * thread of its own within milliseconds, so one that takes this long is stopped (Ctrl-Z, SIGSTOP) or hung.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private final RunAddress run;
    private final LineChannel lines;

    private OpsConnection(RunAddress run, LineChannel lines) {
        this.run = run;
        this.lines = lines;
    }

    /** Connects to {@code socket} of {@code run}; connecting, each request and each answer wait at most a timeout. */
    static OpsConnection open(RunAddress run, Path socket) {
        try {
            return new OpsConnection(run, LineChannel.connect(socket, ANSWER_TIMEOUT));
        } catch (IOException e) {
            throw failure(run, e);
        }
    }

    /** Sends {@code request}, returns the first answer line; {@code ERR permission denied} becomes an exception. */
    String request(String request) {
        send(request);
        return readLine();
    }

    void send(String line) {
        try {
            lines.send(line);
        } catch (IOException e) {
            throw failure(run, e);
        }
    }

    String readLine() {
        @Nullable String line;
        try {
            line = lines.readLine();
        } catch (IOException e) {
            throw failure(run, e);
        }
        if (line == null) {
            throw ended(run);
        }
        if (line.equals(OpsProtocol.DENIED)) {
            throw new OperationException("dataflow '" + run.name() + "': permission denied", true);
        }
        return line;
    }

    static OperationException failure(RunAddress run, IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("permission denied") || e instanceof java.nio.file.AccessDeniedException) {
            return new OperationException("dataflow '" + run.name() + "': permission denied", true);
        }
        if (e instanceof SocketTimeoutException || message.contains("resource temporarily unavailable")) {
            return OperationException.notAnswering("dataflow '" + run.name() + "' (" + run.id() + ") is not "
                    + "answering: its process " + run.pid() + " did not answer within "
                    + ANSWER_TIMEOUT.toSeconds() + " s (is it stopped, with Ctrl-Z or SIGSTOP?)");
        }
        return ended(run);
    }

    static OperationException ended(RunAddress run) {
        return new OperationException("dataflow '" + run.name() + "' (" + run.id() + ") has ended", true);
    }

    @Override
    public void close() {
        lines.close();
    }
}
