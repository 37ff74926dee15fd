package dev.jdora.runtime.internal;

import dev.jdora.core.internal.OwnerOnly;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * Removes the directories in {@code dir} that a process now gone made for itself: named {@code <prefix><pid>-<name>}
     * ({@code name} of letters, digits, {@code _ . -}), where no process {@code pid} is alive, and certainly ours (not a
     * link, our uid, mode 0700; see {@link OwnerOnly#check}). Anything else is left as it is.
     */
    public static void removeOfDeadProcesses(Path dir, String prefix) throws IOException {
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "([0-9]{1,19})-[A-Za-z0-9_][A-Za-z0-9_.-]*");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Matcher matcher = name.matcher(entry.getFileName().toString());
                if (matcher.matches() && !alive(matcher.group(1)) && certainlyOurs(entry)) {
                    RunDirectory.deleteTree(entry);
                }
            }
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException tooLarge) {
            return false;
        }
    }

    private static boolean certainlyOurs(Path dir) {
        try {
            OwnerOnly.check(dir);
            return true;
        } catch (IOException notOurs) {
            return false;
        }
    }
}
