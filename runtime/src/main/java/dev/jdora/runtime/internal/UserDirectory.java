package dev.jdora.runtime.internal;

import dev.jdora.core.internal.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A private directory of this user beside the run directories ({@code <base>/<name>}, see {@link RunDirectory} for the
 * base): for what a long-running jdora process keeps for itself, such as the logs of a coordinator or a daemon and the
 * files of a daemon's Aeron media driver. Created with mode 0700 and used only if it is certainly ours (not a link,
 * our uid, mode 0700). It holds no {@code daemon} file, so it is never taken for a run, nor removed as a stale one.
 * Stateless; any thread; blocks on file-system calls only.
 */
public final class UserDirectory {

    private UserDirectory() {
    }

    /**
     * {@code <base>/<name>}, created if absent.
     *
     * @throws IOException naming the path and the reason if it, or the base, is not certainly ours
     */
    public static Path of(String name) throws IOException {
        Path base = RunDirectory.base();
        OwnerOnly.createDirectory(base);
        Path dir = base.resolve(name);
        OwnerOnly.createDirectory(dir);
        return dir;
    }
}
