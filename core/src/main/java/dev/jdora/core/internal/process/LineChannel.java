package dev.jdora.core.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * UTF-8 lines over a socket channel, written and read directly on the channel. (The stream adapters of
 * {@link java.nio.channels.Channels} share one lock between reading and writing a blocking channel, so a thread
 * blocked reading would block every writer.)
 *
 * <p>Two modes. Over a blocking channel ({@link #LineChannel(SocketChannel)}) {@link #readLine} waits as long as it
 * takes — a node and its daemon live and die together. {@link #connect(Path, Duration)} gives lines with a deadline:
 * connecting, each {@link #send} and each {@link #readLine} waits at most the timeout, then throws a
 * {@link SocketTimeoutException} — for a peer that may be stopped (SIGSTOP, Ctrl-Z) and never answer. Unix domain
 * channels have no socket timeouts, so this mode reads a non-blocking channel through a {@link Selector}.
 *
 * <p>Threads: with a blocking channel {@link #send} is thread-safe and {@link #readLine} is for one reader thread;
 * with a deadline, one thread at a time. {@link #close()} may be called from any thread and wakes a blocked reader.
 */
public final class LineChannel implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(4096);
    private final @Nullable Selector selector;
    private final @Nullable SelectionKey key;
    private final long timeoutNanos;

    /** Lines over a blocking {@code channel}, without deadlines. */
    public LineChannel(SocketChannel channel) {
        this.channel = channel;
        this.selector = null;
        this.key = null;
        this.timeoutNanos = 0;
        in.flip();
    }

    private LineChannel(SocketChannel channel, Selector selector, Duration timeout) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.timeoutNanos = timeout.toNanos();
        channel.configureBlocking(false);
        this.key = channel.register(selector, 0);
        in.flip();
    }

    /**
     * Connects to the Unix domain socket {@code socket}; connecting and every later send and read wait at most
     * {@code timeout}.
     *
     * @throws SocketTimeoutException if the connection is not made in time
     * @throws IOException            if it cannot be made (no such socket, refused, permission denied)
     */
    public static LineChannel connect(Path socket, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            selector = Selector.open();
            LineChannel lines = new LineChannel(channel, selector, timeout);
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                long deadline = System.nanoTime() + lines.timeoutNanos;
                while (!channel.finishConnect()) {
                    lines.await(SelectionKey.OP_CONNECT, deadline, "connecting to " + socket);
                }
            }
            return lines;
        } catch (IOException | RuntimeException e) {
            if (selector != null) {
                selector.close();
            }
            channel.close();
            throw e;
        }
    }

    /** Writes {@code text} and a newline. */
    public void send(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (this) {
            while (out.hasRemaining()) {
                if (channel.write(out) == 0 && selector != null) {
                    await(SelectionKey.OP_WRITE, deadline, "sending");
                }
            }
        }
    }

    /**
     * The next line without its newline, or {@code null} at the end of the stream. Blocks (at most the timeout, with
     * one).
     */
    public @Nullable String readLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    return bytes.toString(StandardCharsets.UTF_8);
                }
                if (bytes.size() >= MAX_LINE) {
                    throw new IOException("control line longer than " + MAX_LINE + " bytes");
                }
                bytes.write(b);
            }
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                return null;
            }
            if (n == 0 && selector != null) {
                await(SelectionKey.OP_READ, deadline, "waiting for an answer");
            }
        }
    }

    /** Waits until the channel is ready for {@code operation}, or throws once {@code deadline} has passed. */
    private void await(int operation, long deadline, String doing) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no progress " + doing + " for "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        }
        key.interestOps(operation);
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        selector.selectedKeys().clear();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
