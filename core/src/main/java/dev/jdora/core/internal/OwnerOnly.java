package dev.jdora.core.internal;

import dev.jdora.core.internal.process.UserRuns;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories that only this user may use. Directories are created with mode 0700 in one step (no window in
 * which another user could open them) and checked without following symbolic links: a path is accepted only if it is
 * a real directory owned by this process's uid with mode exactly 0700. A refusal is a {@link FileSystemException}
 * naming the path and the reason. The one owner check of jdora: the runtime's run, log and cache directories and
 * the recordings use it. Stateless; any thread; blocks on file-system calls only.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
            PosixFilePermissions.asFileAttribute(DIRECTORY);
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE = PosixFilePermissions.asFileAttribute(FILE);

    private OwnerOnly() {
    }

    /** Creates {@code dir} (mode 0700) unless it exists, then checks that it is certainly ours ({@link #check}). */
    public static void createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, DIRECTORY_MODE);
        } catch (FileAlreadyExistsException exists) {
            // maybe ours from an earlier run, maybe planted: the check decides
        }
        check(dir);
    }

    /**
     * Creates {@code dir} and its missing parents, each created one with mode 0700; directories that already exist
     * are left as they are (a log directory such as {@code out/} may be shared on purpose).
     */
    public static void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir, DIRECTORY_MODE);
    }

    /**
     * Refuses {@code dir} unless it is a directory (not a symbolic link), owned by our uid, with mode exactly 0700.
     *
     * @throws FileSystemException naming {@code dir} and what is wrong with it
     */
    public static void check(Path dir) throws IOException {
        UserRuns.checkOwnerOnly(dir);
    }

    /** Opens a new or truncated file for writing, created with mode 0600; does not follow a symbolic link. */
    public static OutputStream newOutputStream(Path file) throws IOException {
        return Channels.newOutputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS),
                FILE_MODE));
    }
}
