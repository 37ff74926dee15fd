package dev.jdora.cli;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.OutputBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.UInt1Vector;

/**
 * Nodes for the zero-copy test of {@link ProcessModeTest}: a sender that fills a buffer lent by
 * {@code node.allocate} and a receiver that checks what arrives; each says in its log which file its bytes are
 * mapped from.
 */
final class ZeroCopyNodes {

    private ZeroCopyNodes() {
    }

    /** Fills one lent buffer of {@code SIZE_MIB} MiB with a known pattern, prints where it lies and its CRC32. */
    public static final class LentSender implements NodeMain {
        @Override
        public void run(Node node) {
            int size = Integer.parseInt(node.env().getOrDefault("SIZE_MIB", "40")) << 20;
            byte[] chunk = new byte[1 << 20];
            try (OutputBuffer out = node.allocate("out", size)) {
                ArrowBuf buffer = out.buffer();
                for (int at = 0; at < size; at += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        int n = at + i;
                        chunk[i] = (byte) (n * 31 + (n >>> 13));
                    }
                    buffer.setBytes(at, chunk, 0, Math.min(chunk.length, size - at));
                }
                System.out.println("lent in " + mappedFile(buffer.memoryAddress()));
                System.out.println("sent crc " + crc(buffer, size));
                out.send();
            }
        }
    }

    /** Prints the size, CRC32 and mapped file of every {@code uint8} payload it receives, read in place. */
    public static final class InPlaceReceiver implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Input in && in.data() instanceof UInt1Vector bytes) {
                    ArrowBuf data = bytes.getDataBuffer();
                    System.out.println("received " + bytes.getValueCount() + " crc " + crc(data,
                            bytes.getValueCount()) + " in " + mappedFile(data.memoryAddress()));
                }
            }
        }
    }

    private static long crc(ArrowBuf buffer, int length) {
        CRC32 crc = new CRC32();
        crc.update(buffer.nioBuffer(0, length));
        return crc.getValue();
    }

    /** The file mapped at {@code address} in this process (from /proc/self/maps), or "heap". */
    private static String mappedFile(long address) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                String[] parts = line.trim().split("\\s+", 6);
                String[] range = parts[0].split("-");
                if (Long.compareUnsigned(address, Long.parseUnsignedLong(range[0], 16)) >= 0
                        && Long.compareUnsigned(address, Long.parseUnsignedLong(range[1], 16)) < 0) {
                    return parts.length == 6 && !parts[5].isBlank() ? parts[5] : "heap";
                }
            }
            return "heap";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
