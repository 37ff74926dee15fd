package dev.jdora.shm.internal;

import dev.jdora.core.transport.ChannelId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a channel's files live, and how they are created private to the owner. Stateless.
 *
 * <pre>
 * runDirectory/                      0700 (made by the runtime)
 *   shm/                             0700
 *     &lt;node&gt;/&lt;output&gt;/          0700, one per channel; names escaped (see {@link #escape})
 *       header                       0600, {@link ChannelHeader}
 *       ring-&lt;generation&gt;         0600, {@link PayloadRing}, made by the writer on its first large payload
 *       queue/                       0700, the Chronicle queue (its files are made 0600 by the writer as they appear)
 * </pre>
 */
public final class ChannelFiles {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private ChannelFiles() {
    }

    /** The transport's own directory under the run directory. */
    public static Path root(Path runDirectory) {
        return runDirectory.resolve("shm");
    }

    public static Path channelDirectory(Path runDirectory, ChannelId channel) {
        return root(runDirectory).resolve(escape(channel.nodeId())).resolve(escape(channel.outputId()));
    }

    static Path header(Path channelDirectory) {
        return channelDirectory.resolve("header");
    }

    static Path queue(Path channelDirectory) {
        return channelDirectory.resolve("queue");
    }

    /** The name of a payload ring file is this prefix and its generation. */
    static final String RING_PREFIX = "ring-";

    static Path ring(Path channelDirectory, int generation) {
        return channelDirectory.resolve(RING_PREFIX + generation);
    }

    /**
     * One safe file name for any id: letters, digits, {@code _} and {@code -} stay; everything else (including
     * {@code /}, {@code @} and a leading {@code .}) becomes {@code %XX} of its UTF-8 bytes, so distinct ids never
     * collide.
     */
    static String escape(String id) {
        StringBuilder out = new StringBuilder(id.length() + 8);
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_'
                    || b == '-' || (b == '.' && i > 0);
            if (plain) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
            }
        }
        return out.length() == 0 ? "%" : out.toString();
    }

    /** Creates {@code directory} and missing parents below it, each 0700. */
    static void createPrivateDirectories(Path directory) {
        try {
            Path parent = directory.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                createPrivateDirectories(parent);
            }
            try {
                Files.createDirectory(directory);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(directory)) {
                    throw e;
                }
                return;
            }
            restrict(directory, DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    /** Sets POSIX permissions where the file system has them (no-op elsewhere). */
    static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    /** Deletes {@code directory} and everything in it; missing is fine. */
    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
