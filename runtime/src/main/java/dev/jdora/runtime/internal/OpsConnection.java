package dev.jdora.runtime.internal;

import dev.jdora.core.internal.process.LineChannel;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One operator's connection to a run's socket (its control socket, or an {@link dev.jdora.runtime.ExternalInput}'s):
 * a request line, answer lines. Every failure becomes an {@link OperationException} saying what it means for the
 * user: permission denied (another user's run), or the run has ended. Not thread-safe; closed by its opener.
 */
final class OpsConnection implements AutoCloseable {

    private final RunAddress run;
    private final LineChannel lines;

    private OpsConnection(RunAddress run, LineChannel lines) {
        this.run = run;
        this.lines = lines;
    }

    static OpsConnection open(RunAddress run, Path socket) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new OpsConnection(run, new LineChannel(channel));
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
