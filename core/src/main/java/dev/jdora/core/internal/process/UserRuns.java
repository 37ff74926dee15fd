package dev.jdora.core.internal.process;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the runs of this user live on this machine, and the check that keeps other users out of them. Every run has a
 * private directory in the user's <em>base</em>: {@code $XDG_RUNTIME_DIR/jdora} when that variable names a directory of
 * ours with mode 0700, else {@code jdora-<user>} under {@code /dev/shm} when it exists (else under
 * {@code java.io.tmpdir}); a run makes itself known there with its registration file ({@value #REGISTRATION}: its id
 * and name) and answers on its control socket ({@value #CONTROL_SOCKET}). The daemon creates and registers runs; a
 * node started by hand finds its run here ({@link DynamicJoin}). A directory is trusted only if it is certainly ours
 * ({@link #checkOwnerOnly}), never followed if it is a symbolic link. Stateless; any thread; blocks on file-system
 * calls only.
 */
public final class UserRuns {

    private static final Logger LOG = LoggerFactory.getLogger(UserRuns.class);
    /** The system property that stands for {@code $XDG_RUNTIME_DIR} when set (same checks), for tests and tools. */
    public static final String RUNTIME_DIR_PROPERTY = "jdora.runtimeDir";
    public static final String XDG_RUNTIME_DIR = "XDG_RUNTIME_DIR";
    /** The registration file of a run in its directory. */
    public static final String REGISTRATION = "run.properties";
    /** The control socket of a run in its directory. */
    public static final String CONTROL_SOCKET = "control.sock";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final long UID = new UnixSystem().getUid();

    private UserRuns() {
    }

    /** The base of this user's run directories, from the process environment (or {@value #RUNTIME_DIR_PROPERTY}). */
    public static Path base() {
        String override = System.getProperty(RUNTIME_DIR_PROPERTY);
        if (override == null) {
            return base(System.getenv());
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(XDG_RUNTIME_DIR, override);
        return base(env);
    }

    /** The base for environment {@code env}: {@code $XDG_RUNTIME_DIR/jdora} if that directory is ours and 0700. */
    public static Path base(Map<String, String> env) {
        @Nullable String xdg = env.get(XDG_RUNTIME_DIR);
        if (xdg != null && !xdg.isBlank()) {
            Path runtimeDir = Path.of(xdg);
            try {
                checkOwnerOnly(runtimeDir);
                return runtimeDir.resolve("jdora");
            } catch (IOException e) {
                LOG.warn("not using {} for run directories ({}); using the shared-memory directory instead",
                        XDG_RUNTIME_DIR, e.getMessage());
            }
        }
        Path shm = Path.of("/dev/shm");
        Path root = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return root.resolve("jdora-" + System.getProperty("user.name", "user"));
    }

    /**
     * Refuses {@code dir} unless it is a directory (not a symbolic link), owned by our uid, with mode exactly 0700.
     *
     * @throws FileSystemException naming {@code dir} and what is wrong with it
     */
    public static void checkOwnerOnly(Path dir) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw refused(dir, "it is a symbolic link (jdora does not follow it)");
        }
        if (!attributes.isDirectory()) {
            throw refused(dir, "it is not a directory");
        }
        long owner = ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        if (owner != UID) {
            throw refused(dir, "it is owned by " + attributes.owner().getName() + " (uid " + owner
                    + "), not by this user (uid " + UID + "); another user may have created it");
        }
        if (!attributes.permissions().equals(OWNER_ONLY)) {
            throw refused(dir, "its mode is " + PosixFilePermissions.toString(attributes.permissions())
                    + ", not rwx------ (others could read or replace what jdora puts in it)");
        }
    }

    private static FileSystemException refused(Path dir, String reason) {
        return new FileSystemException(dir.toString(), null, "refusing to use it: " + reason
                + "; remove it or fix it if you trust it");
    }

    /**
     * The control sockets of this user's runs named or identified {@code nameOrId}, newest directory last; a run that
     * has ended may still be among them (its socket then refuses connections).
     *
     * @throws IOException if the base is not certainly ours
     */
    public static List<Path> controlSockets(String nameOrId) throws IOException {
        Path base = base();
        List<Path> sockets = new ArrayList<>();
        try {
            checkOwnerOnly(base);
        } catch (NoSuchFileException none) {
            return sockets;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base,
                p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            for (Path dir : dirs) {
                if (isRun(dir, nameOrId)) {
                    sockets.add(dir.resolve(CONTROL_SOCKET));
                }
            }
        }
        return sockets;
    }

    private static boolean isRun(Path dir, String nameOrId) {
        Path file = dir.resolve(REGISTRATION);
        Properties p = new Properties();
        try {
            checkOwnerOnly(dir);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                p.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            return false; // being created or removed, or not ours
        }
        return nameOrId.equals(p.getProperty("id")) || nameOrId.equals(p.getProperty("name"));
    }
}
