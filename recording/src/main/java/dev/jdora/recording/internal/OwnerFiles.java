package dev.jdora.recording.internal;

import dev.jdora.core.internal.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files of a recording: readable by their owner alone (0700 directories, 0600 files), created new (never through a
 * symbolic link, never over an existing file), replaced atomically. Directories are checked with jdora's one owner
 * check, {@link OwnerOnly}. Stateless; any thread; blocks on file-system calls.
 */
public final class OwnerFiles {

    private OwnerFiles() {
    }

    /**
     * Creates the recording directory, mode 0700, and its missing parents, each 0700. An existing one is used only if
     * it is empty and certainly ours: a real directory (not a symbolic link) owned by this user with mode 0700, so
     * that nobody else can put files into it or swap the manifest.
     *
     * @throws java.nio.file.FileSystemException naming {@code dir} and what is wrong with it
     */
    public static void createDirectory(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            OwnerOnly.createDirectories(parent);
        }
        OwnerOnly.createDirectory(dir);
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new FileAlreadyExistsException(dir.toString(), null, "it is not empty (a recording goes into a "
                        + "new or empty directory)");
            }
        }
    }

    /** A new file, 0600, for writing; fails if anything (a symbolic link too) is already at {@code file}. */
    public static FileChannel create(Path file) throws IOException {
        return FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
                        OwnerOnly.FILE));
    }

    /** An existing file, for reading, not through a symbolic link. */
    static FileChannel read(Path file) throws IOException {
        return FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** Writes {@code text} to {@code file} through a new temporary file moved over it. */
    public static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel out = create(tmp)) {
            out.write(StandardCharsets.UTF_8.encode(text));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
