package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the run directories must certainly be ours (issue 8, defect 3): a base planted by another user, a
 * symbolic link, or a base that others may write is refused with its path and the reason, and is never followed,
 * chmodded or cleaned. Works in a temporary root, never in the user's real base.
 */
class RunDirectoryTest {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    @TempDir
    Path root;

    private String createdUser;

    @AfterEach
    void removeCreatedUser() throws Exception {
        if (createdUser != null) {
            exec("userdel", createdUser);
        }
    }

    @Test
    void aNewBaseAndItsRunDirectoriesAreOwnerOnlyAndRemovedAtTheEnd() throws IOException {
        Path base = root.resolve("jdora-test");
        Path run;
        try (RunDirectory dir = RunDirectory.create(base, "run-1")) {
            run = dir.path();
            assertThat(run.getParent()).isEqualTo(base);
            assertThat(permissions(base)).isEqualTo(OWNER_ONLY);
            assertThat(permissions(run)).isEqualTo(OWNER_ONLY);
        }
        assertThat(run).doesNotExist();
        assertThat(base).isDirectory();
    }

    @Test
    void aSymbolicLinkAsTheBaseIsRefusedAndNeverFollowed() throws IOException {
        Path target = Files.createDirectory(root.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path base = Files.createSymbolicLink(root.resolve("jdora-test"), target);

        assertThatThrownBy(() -> RunDirectory.create(base, "run-1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(base.toString())
                .hasMessageContaining("symbolic link");

        assertThat(Files.isSymbolicLink(base)).isTrue();
        assertThat(permissions(target)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void aBaseThatOthersMayWriteIsRefusedAndNotChmodded() throws IOException {
        Path base = Files.createDirectory(root.resolve("jdora-test"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> RunDirectory.create(base, "run-1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(base.toString())
                .hasMessageContaining("rwxrwxrwx");

        assertThat(permissions(base)).isEqualTo(PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(base).isEmptyDirectory();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBaseOfAnotherUserIsRefusedAndKeepsItsOwner() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0,
                "skipped: creating a second Unix user to own the base needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/sbin/userdel")),
                "skipped: useradd/userdel are not installed");
        String user = "jdorat" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
        createdUser = user;
        UserPrincipal other = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Path base = Files.createDirectory(root.resolve("jdora-test"),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setOwner(base, other);

        assertThatThrownBy(() -> RunDirectory.create(base, "run-1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(base.toString())
                .hasMessageContaining("owned by");

        assertThat(Files.getOwner(base, LinkOption.NOFOLLOW_LINKS)).isEqualTo(other);
        assertThat(permissions(base)).isEqualTo(OWNER_ONLY);
        assertThat(base).isEmptyDirectory();
    }

    @Test
    void staleRunsAreNotCleanedFromABaseThatIsNoLongerPrivate() throws IOException {
        Path base = root.resolve("jdora-test");
        RunDirectory.create(base, "run-1").close();
        Path stale = Files.createDirectory(base.resolve("dead-run"));
        Files.writeString(stale.resolve(RunDirectory.OWNER_FILE), Long.MAX_VALUE + " 0\n"); // no such process
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> RunDirectory.create(base, "run-2"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(base.toString());

        assertThat(stale.resolve(RunDirectory.OWNER_FILE)).exists();
        assertThat(base.resolve("run-2")).doesNotExist();
    }

    @Test
    void closingARunDoesNotFollowSymbolicLinksInsideIt() throws IOException {
        Path outside = Files.createDirectory(root.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "keep me");
        Path run;
        try (RunDirectory dir = RunDirectory.create(root.resolve("jdora-test"), "run-1")) {
            run = dir.path();
            Files.createSymbolicLink(run.resolve("link-to-dir"), outside);
            Files.createSymbolicLink(run.resolve("link-to-file"), precious);
        }
        assertThat(run).doesNotExist();
        assertThat(precious).hasContent("keep me");
    }

    @Test
    void aBaseThatCannotBeCreatedIsNamedWithTheReason() {
        Path base = root.resolve("missing").resolve("jdora-test");

        assertThatThrownBy(() -> RunDirectory.create(base, "run-1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot create the directory of run run-1: " + base + ": no such file");
    }

    @Test
    void thePrivateXdgRuntimeDirectoryIsPreferredAndAnOpenOneIsNot() throws IOException {
        Path mine = Files.createDirectory(root.resolve("xdg-mine"), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Path open = Files.createDirectory(root.resolve("xdg-open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(RunDirectory.base(Map.of(RunDirectory.XDG_RUNTIME_DIR, mine.toString())))
                .isEqualTo(mine.resolve("jdora"));
        assertThat(RunDirectory.base(Map.of(RunDirectory.XDG_RUNTIME_DIR, open.toString())))
                .isEqualTo(RunDirectory.base(Map.of()))
                .satisfies(base -> assertThat(base.startsWith(open)).isFalse());
    }

    private static Set<PosixFilePermission> permissions(Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command) + " ended").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
