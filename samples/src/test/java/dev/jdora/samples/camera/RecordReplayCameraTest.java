package dev.jdora.samples.camera;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.cli.Main;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.testkit.Captured;
import dev.jdora.testkit.NodeTestHarness;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera sample recorded, then replayed into a fresh detector: every frame arrives, with the bytes and in the
 * order the camera sent them. The replay's timing at speed 1 is printed, not asserted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RecordReplayCameraTest {

    private static final int FRAMES = 20;

    @TempDir
    Path dir;

    private static final String CAMERA = """
              - id: camera
                class: dev.jdora.samples.camera.Camera
                env:
                  FRAMES: %d
                inputs:
                  tick: dora/timer/hz/30
                outputs:
                  - image
            """.formatted(FRAMES);

    private String jdora(String... args) {
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertThat(exit).as(err.toString()).isZero();
        return err.toString();
    }

    /** What the camera sent: frame n has its bar at column 8n (Camera.paint). */
    private static List<String> expectedFrames() throws Exception {
        List<String> lines = new ArrayList<>();
        byte[] pixels = new byte[Camera.WIDTH * Camera.HEIGHT * Camera.CHANNELS];
        for (int n = 0; n < FRAMES; n++) {
            Camera.paint(pixels, (n * Camera.BAR_WIDTH) % Camera.WIDTH);
            lines.add("frame " + n + " " + FrameCheck.digest(pixels));
        }
        return lines;
    }

    private Path record() throws IOException {
        Path yml = dir.resolve("camera.yml");
        Files.writeString(yml, "nodes:\n" + CAMERA + """
              - id: detector
                class: dev.jdora.samples.camera.Detector
                env:
                  STEP_MS: 10
                inputs:
                  image:
                    source: camera/image
                    queue_size: 1
                    queue_policy: drop_oldest
                outputs:
                  - detection
            """);
        Path rec = dir.resolve("rec");
        jdora("record", "--quiet", "--log-dir", dir.resolve("out").toString(), "--outputs", "camera/image", "-o",
                rec.toString(), yml.toString());
        return rec;
    }

    @Test
    void replayedFramesReachAFreshDetectorIdenticalAndInOrder() throws Exception {
        Path rec = record();
        Path fresh = dir.resolve("fresh.yml");
        Files.writeString(fresh, "nodes:\n" + CAMERA + """
              - id: detector
                class: dev.jdora.samples.camera.FrameCheck
                inputs:
                  image: {source: camera/image, queue_size: 100, queue_policy: backpressure}
                outputs:
                  - digest
            """);

        jdora("replay", rec.toString(), "--yml", fresh.toString(), "--replace", "camera", "--speed", "1", "--quiet",
                "--log-dir", dir.resolve("replay").toString());

        List<String> detector = log("replay", "detector");
        assertThat(detector.stream().filter(l -> l.startsWith("frame "))).containsExactlyElementsOf(expectedFrames());
        assertThat(detector).contains("checked " + FRAMES + " frames");
        List<String> timing = log("replay", "camera");
        assertThat(timing).anyMatch(l -> l.startsWith("replayed " + FRAMES + " messages"));
        System.out.println("replay of the camera at speed 1: " + String.join(" ", timing));
    }

    @Test
    void aRecordingFeedsANodeUnderTheHarness() throws Exception {
        Path rec = record();
        try (NodeTestHarness h = NodeTestHarness.forNode("detector").input("image", FRAMES, QueuePolicy.BACKPRESSURE)
                .output("digest", FRAMES, QueuePolicy.BACKPRESSURE).build()) {
            h.start(new FrameCheck());

            long sent = h.replay(rec, "camera/image");
            List<Captured> digests = h.awaitOutputs("digest", FRAMES, Duration.ofSeconds(30));

            assertThat(sent).isEqualTo(FRAMES);
            List<String> lines = digests.stream().map(Captured::string).toList();
            digests.forEach(Captured::close);
            assertThat(lines).containsExactlyElementsOf(expectedFrames());
        }
    }

    private List<String> log(String logDir, String node) throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve(logDir))) {
            return Files.readAllLines(runs.findFirst().orElseThrow().resolve(node + ".log"));
        }
    }
}
