package dev.jdora.core.internal.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * UTF-8 lines over a blocking socket channel, written and read directly on the channel. (The stream adapters of
 * {@link java.nio.channels.Channels} share one lock between reading and writing a blocking channel, so a thread
 * blocked reading would block every writer.) {@link #send} is thread-safe; {@link #readLine} is for one reader thread.
 */
public final class LineChannel implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(4096);

    public LineChannel(SocketChannel channel) {
        this.channel = channel;
        in.flip();
    }

    /** Writes {@code text} and a newline. */
    public void send(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (this) {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }
    }

    /** The next line without its newline, or {@code null} at the end of the stream. Blocks. */
    public @Nullable String readLine() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
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
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
