package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's log may hold anything the node prints: only its owner may read it (issue 8, defect 3). */
class NodeLogTest {

    @TempDir
    Path dir;

    @Test
    void theLogFileAndTheDirectoriesCreatedForItAreOwnerOnly() throws IOException {
        Path file = dir.resolve("out").resolve("run-1").resolve("camera.log");
        try (NodeLog log = new NodeLog("camera", 0, file, null, false)) {
            byte[] line = "secret frame\n".getBytes(StandardCharsets.UTF_8);
            log.write(line, 0, line.length);
        }
        assertThat(file).hasContent("secret frame");
        assertThat(permissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(permissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(permissions(dir.resolve("out"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void linesOfStandardOutputAndStandardErrorNeverMix() throws IOException {
        Path file = dir.resolve("node.log");
        try (NodeLog log = new NodeLog("node", 0, file, null, false)) {
            byte[] out = "no line end".getBytes(StandardCharsets.UTF_8);
            byte[] err = "an error\n".getBytes(StandardCharsets.UTF_8);
            log.write(false, out, 0, out.length);
            log.write(true, err, 0, err.length);
        }
        assertThat(Files.readAllLines(file)).containsExactly("an error", "no line end");
    }

    private static Set<PosixFilePermission> permissions(Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
    }
}
