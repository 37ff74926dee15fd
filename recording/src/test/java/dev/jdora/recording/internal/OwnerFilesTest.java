package dev.jdora.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording directory: ours alone, or refused with the reason. */
class OwnerFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void createsTheDirectoryAndItsMissingParentsForTheOwnerAlone() throws Exception {
        Path rec = dir.resolve("recordings/today/rec");

        OwnerFiles.createDirectory(rec);

        assertThat(mode(rec)).isEqualTo("rwx------");
        assertThat(mode(rec.getParent())).isEqualTo("rwx------");
        assertThat(mode(rec.getParent().getParent())).isEqualTo("rwx------");
    }

    @Test
    void usesAnEmptyDirectoryThatIsOursAlone() throws Exception {
        Path rec = Files.createDirectory(dir.resolve("rec"));
        Files.setPosixFilePermissions(rec, PosixFilePermissions.fromString("rwx------"));

        OwnerFiles.createDirectory(rec);

        assertThat(mode(rec)).isEqualTo("rwx------");
    }

    @Test
    void refusesADirectoryOthersCanWriteTo() throws Exception {
        Path rec = Files.createDirectory(dir.resolve("rec"));
        Files.setPosixFilePermissions(rec, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> OwnerFiles.createDirectory(rec))
                .isInstanceOf(FileSystemException.class)
                .hasMessageStartingWith(rec + ": refusing to use it: its mode is rwxrwxrwx, not rwx------");
        assertThat(mode(rec)).isEqualTo("rwxrwxrwx"); // left as it was
    }

    @Test
    void refusesASymbolicLinkEvenToADirectoryOfOurs() throws Exception {
        Path target = Files.createDirectory(dir.resolve("target"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(dir.resolve("rec"), target);

        assertThatThrownBy(() -> OwnerFiles.createDirectory(link))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining(link + ": refusing to use it: it is a symbolic link");
    }

    @Test
    void refusesADirectoryThatIsNotEmpty() throws Exception {
        Path rec = Files.createDirectory(dir.resolve("rec"));
        Files.setPosixFilePermissions(rec, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(rec.resolve("manifest.json"), "{}");

        assertThatThrownBy(() -> OwnerFiles.createDirectory(rec))
                .isInstanceOf(FileSystemException.class)
                .hasMessage(rec + ": it is not empty (a recording goes into a new or empty directory)");
    }
}
