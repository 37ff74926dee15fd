package dev.jdora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.runtime.internal.UserDirectory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A daemon starting removes the Aeron directories of killed daemons, and nothing else. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AeronDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aStartingDaemonRemovesTheAeronDirectoriesOfDaemonsWhoseProcessIsGone() throws Exception {
        Path aeron = UserDirectory.of("aeron");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long dead = gone.pid();
        long alive = ProcessHandle.current().pid();
        Path stale = aeron.resolve("daemon-" + dead + "-stale-test");
        Path live = aeron.resolve("daemon-" + alive + "-live-test");
        Path link = aeron.resolve("daemon-" + dead + "-link-test");
        Path open = aeron.resolve("daemon-" + dead + "-open-test");
        Path other = aeron.resolve("driver-" + dead + "-other-test");
        Path target = Files.createDirectory(dir.resolve("target"));
        Files.writeString(target.resolve("kept"), "kept");
        try {
            OwnerOnly.createDirectory(stale);
            OwnerOnly.createDirectory(stale.resolve("images"));
            Files.writeString(stale.resolve("cnc.dat"), "cnc");
            OwnerOnly.createDirectory(live);
            OwnerOnly.createDirectory(other);
            Files.createSymbolicLink(link, target);
            Files.createDirectory(open, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));

            try (ClusterFixture cluster = new ClusterFixture(dir); Daemon a = cluster.daemon("a")) {
                assertThat(stale).doesNotExist();
                for (Path kept : List.of(live, link, open, other)) {
                    assertThat(Files.exists(kept, LinkOption.NOFOLLOW_LINKS)).as(kept.toString()).isTrue();
                }
                assertThat(target.resolve("kept")).hasContent("kept");
                OwnerOnly.check(aeron.resolve("daemon-" + alive + "-a")); // its own: mode 0700
            }
        } finally {
            for (Path made : List.of(live, link, open, other)) {
                Files.deleteIfExists(made);
            }
        }
    }
}
