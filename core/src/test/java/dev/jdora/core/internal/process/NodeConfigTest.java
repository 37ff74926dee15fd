package dev.jdora.core.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node configuration holds the node's {@code env:} values: only its owner may read the file (issue 8). */
class NodeConfigTest {

    @TempDir
    Path dir;

    @Test
    void theConfigurationFileIsOwnerOnlyAndReadsBack() throws IOException {
        NodeConfig config = new NodeConfig("camera", dir, dir.resolve("control.sock"), "shm", Map.of("k", "v"),
                List.of("--fast"), Map.of("TOKEN", "hunter2"), List.of(), List.of("image"));
        Path file = dir.resolve("node-camera.properties");
        config.write(file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(NodeConfig.read(file)).isEqualTo(config);
    }

    @Test
    void outputTypesAndTheStdoutOutputReadBack() throws IOException {
        NodeConfig config = new NodeConfig("rt", dir, dir.resolve("control.sock"), "shm", Map.of(), List.of(),
                Map.of(), List.of(), List.of("op/count", "op/type"), Map.of("op/count", "std/core/v1/UInt64",
                "op/type", "std/media/v1/AudioFrame[sample_type=f32]"), Optional.of("op/log"));
        Path file = dir.resolve("node-rt.properties");
        config.write(file);

        assertThat(NodeConfig.read(file)).isEqualTo(config);
    }
}
