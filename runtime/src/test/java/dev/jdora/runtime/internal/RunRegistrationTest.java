package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.ops.RunAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run registers is what {@code jdora list/stop} read back, its grace period included. */
class RunRegistrationTest {

    @TempDir
    Path dir;

    @Test
    void aRegistrationReadsBackWithItsGrace() throws Exception {
        RunAddress run = new RunAddress("r1", "camera", dir.resolve("camera.yml"), dir.resolve("out/r1"), dir,
                dir.resolve(RunRegistration.CONTROL_SOCKET), 42, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Duration.ofSeconds(45));
        RunRegistration.write(run);
        assertThat(RunRegistration.read(dir)).hasValue(run);
    }

    @Test
    void aRegistrationWithoutAGraceHasTheDefault() throws Exception {
        Files.writeString(dir.resolve(RunRegistration.FILE), "id=r2\nname=old\ndataflow=/f.yml\nlogDir=/out\npid=7\n"
                + "started=1000\n");
        assertThat(RunRegistration.read(dir).orElseThrow().grace()).isEqualTo(RunOptions.DEFAULT_GRACE);
    }
}
