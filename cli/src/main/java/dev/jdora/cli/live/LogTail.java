package dev.jdora.cli.live;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.List;

/**
 * The last lines of a node's log, for the live page. Reads only {@code <log dir>/<node>.log} of a node the run has,
 * only if it is a regular file (not a link) owned by this user: the page never serves another file. Stateless.
 */
final class LogTail {

    /** Enough for the last lines of any log whose lines are not huge. */
    private static final int TAIL_BYTES = 16 * 1024;

    private LogTail() {
    }

    /**
     * Up to {@code count} last whole lines of {@code node}'s log in {@code logDir}.
     *
     * @throws IOException if the file is missing, not a regular file, not this user's, or cannot be read
     */
    static List<String> lastLines(Path logDir, String node, int count) throws IOException {
        Path file = logDir.resolve(node + ".log");
        if (!file.getParent().equals(logDir) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("no log file " + file.getFileName() + " (yet)");
        }
        UserPrincipal me = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).equals(me)
                || !Files.getOwner(logDir, LinkOption.NOFOLLOW_LINKS).equals(me)) {
            throw new IOException(file + " is not yours: not shown");
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            if (start > 0 && !lines.isEmpty()) {
                lines = lines.subList(1, lines.size()); // the first one is cut
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        }
    }
}
