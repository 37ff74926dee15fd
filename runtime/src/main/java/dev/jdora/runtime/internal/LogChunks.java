package dev.jdora.runtime.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Reads a node's log a chunk at a time, for {@code jdora logs} here or on another machine. Stateless; any thread. */
public final class LogChunks {

    private LogChunks() {
    }

    /**
     * Up to {@code maxBytes} of {@code log} from byte {@code offset}, as far as it was written when asked; none if
     * there is nothing more yet or no such file. A symbolic link is not followed.
     */
    public static byte[] read(Path log, long offset, int maxBytes) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(log, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(Math.max(0, channel.size() - offset), maxBytes));
            channel.position(offset);
            while (bytes.hasRemaining() && channel.read(bytes) > 0) {
                // a log only grows: read what was there when asked
            }
            return Arrays.copyOf(bytes.array(), bytes.position());
        } catch (NoSuchFileException none) {
            return new byte[0];
        }
    }
}
