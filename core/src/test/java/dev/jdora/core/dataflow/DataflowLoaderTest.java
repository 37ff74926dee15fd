package dev.jdora.core.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataflowLoaderTest {

    private static final String PROBLEM_FORMAT = "^.+:\\d+:\\d+: .+";

    @TempDir
    Path dir;

    private static final String VALID = """
            classpath:
              - lib/app.jar
              - classes
            communication:
              _unstable_local: tcp
            deploy:
              machine: a
            nodes:
              - id: camera
                name: Camera
                description: grabs frames
                build: pip install opencv
                send_stdout_as: log
                path: ./camera.py
                args: --device 0 --label "front door" 'x y' --k="a b"
                env:
                  FPS: 30
                  DEBUG: true
                  NAME: cam
                inputs:
                  tick: dora/timer/millis/20
                outputs:
                  - image
                  - log
              - id: detector
                class: com.example.Detector
                args: [--threshold, 0.5]
                jvm_options: [-Xmx256m, -XX:+UseZGC]
                deploy:
                  machine: gpu-box
                inputs:
                  image:
                    source: camera/image
                    queue_size: 2
                    queue_policy: backpressure
                    input_timeout: 1.5
                  slow: dora/timer/secs/2
                  fast: dora/timer/hz/50
                outputs: [boxes]
              - id: runtime
                operators:
                  - id: plot
                    class: com.example.Plot
                    inputs:
                      boxes: detector/boxes
                    outputs: [figure]
              - id: single
                operator:
                  class: com.example.Single
                  inputs:
                    figure: runtime/plot/figure
                  outputs: [done]
              - id: sink
                path: sink.jar
                inputs:
                  done: single/op/done
            """;

    @Test
    void aValidDoraStyleFileBecomesTheModel() throws Exception {
        Path file = dir.resolve("flow.yml");
        Files.writeString(file, VALID);

        Dataflow flow = Dataflow.load(file);

        assertThat(flow.file()).isEqualTo(file);
        assertThat(flow.classpath()).containsExactly(dir.resolve("lib/app.jar"), dir.resolve("classes"));
        assertThat(flow.nodes()).extracting(NodeSpec::id).containsExactly("camera", "detector", "runtime", "single",
                "sink");

        NodeSpec camera = flow.node("camera").orElseThrow();
        assertThat(camera.path()).contains("./camera.py");
        assertThat(camera.className()).isEmpty();
        assertThat(camera.args()).containsExactly("--device", "0", "--label", "front door", "x y", "--k=a b");
        assertThat(camera.env()).containsExactly(Map.entry("FPS", "30"), Map.entry("DEBUG", "true"),
                Map.entry("NAME", "cam"));
        assertThat(camera.outputs()).containsExactly("image", "log");
        assertThat(camera.sendStdoutAs()).contains("log");
        assertThat(camera.location()).isEqualTo(new SourceLocation(file, 9, 5));
        InputSpec tick = camera.input("tick").orElseThrow();
        assertThat(tick.source()).isEqualTo(new InputSource.Timer(Duration.ofMillis(20), "dora/timer/millis/20"));
        assertThat(tick.queueSize()).isEqualTo(10);
        assertThat(tick.queuePolicy()).isEqualTo(QueuePolicy.DROP_OLDEST);
        assertThat(tick.inputTimeout()).isEmpty();
        assertThat(tick.location()).isEqualTo(new SourceLocation(file, 21, 13));

        NodeSpec detector = flow.node("detector").orElseThrow();
        assertThat(detector.className()).contains("com.example.Detector");
        assertThat(detector.path()).isEmpty();
        assertThat(detector.args()).containsExactly("--threshold", "0.5");
        assertThat(detector.jvmOptions()).containsExactly("-Xmx256m", "-XX:+UseZGC");
        assertThat(detector.deployMachine()).contains("gpu-box");
        assertThat(camera.deployMachine()).as("the top-level deploy is the default").contains("a");
        assertThat(detector.inputs()).extracting(InputSpec::id).containsExactly("image", "slow", "fast");
        InputSpec image = detector.input("image").orElseThrow();
        assertThat(image.source()).isEqualTo(new InputSource.NodeOutput("camera", "image"));
        assertThat(image.queueSize()).isEqualTo(2);
        assertThat(image.queuePolicy()).isEqualTo(QueuePolicy.BACKPRESSURE);
        assertThat(image.inputTimeout()).contains(Duration.ofMillis(1500));
        assertThat(detector.input("slow").orElseThrow().source())
                .isEqualTo(new InputSource.Timer(Duration.ofSeconds(2), "dora/timer/secs/2"));
        assertThat(detector.input("fast").orElseThrow().source())
                .isEqualTo(new InputSource.Timer(Duration.ofMillis(20), "dora/timer/hz/50"));
        assertThat(detector.outputs()).containsExactly("boxes");

        OperatorSpec plot = flow.node("runtime").orElseThrow().operators().get(0);
        assertThat(plot.id()).isEqualTo("plot");
        assertThat(plot.className()).contains("com.example.Plot");
        assertThat(plot.inputs()).extracting(InputSpec::source)
                .containsExactly(new InputSource.NodeOutput("detector", "boxes"));
        assertThat(plot.outputs()).containsExactly("figure");

        OperatorSpec single = flow.node("single").orElseThrow().operators().get(0);
        assertThat(single.id()).isEqualTo("op");
        assertThat(single.inputs().get(0).source()).isEqualTo(new InputSource.NodeOutput("runtime", "plot/figure"));
        assertThat(flow.node("sink").orElseThrow().inputs().get(0).source())
                .isEqualTo(new InputSource.NodeOutput("single", "op/done"));
    }

    @Test
    void threeMistakesGiveExactlyThreeProblemsInFileOrder() {
        String yaml = """
                nodes:
                  - id: camera
                    path: cam.py
                    descripton: front camera
                    outputs: [image]
                  - id: sink
                    class: com.example.Sink
                    inputs:
                      frames: camra/image
                      tick:
                        source: dora/timer/millis/10
                        queue_size: 0
                """;

        assertThatThrownBy(() -> DataflowLoader.parse(yaml, Path.of("df.yml")))
                .isInstanceOfSatisfying(DataflowException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString)
                        .containsExactly(
                                "df.yml:4:5: node 'camera': unknown key 'descripton' (did you mean 'description'?)",
                                "df.yml:9:15: node 'sink': input 'frames': unknown source node 'camra'"
                                        + " (did you mean 'camera'?)",
                                "df.yml:12:21: node 'sink': input 'tick': 'queue_size' must be an integer from 1 to"
                                        + " 1000000, not a number (0)"));
    }

    @Test
    void theExceptionMessageListsEveryProblemOnItsOwnLine() {
        String yaml = "nodes:\n  - id: a\n  - id: b\n";

        assertThatThrownBy(() -> DataflowLoader.parse(yaml, Path.of("df.yml")))
                .isInstanceOf(DataflowException.class)
                .hasMessage("df.yml:2:5: node 'a': needs one of 'path', 'class', 'bean', 'operators' or 'operator'"
                        + System.lineSeparator()
                        + "df.yml:3:5: node 'b': needs one of 'path', 'class', 'bean', 'operators' or 'operator'");
    }

    @Test
    void aBillionLaughsAliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            String prev = "*" + (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [")
                    .append(String.join(", ", List.of(prev, prev, prev, prev, prev, prev, prev, prev, prev)))
                    .append("]\n");
        }

        assertSingleProblem(() -> DataflowLoader.parse(yaml.toString(), Path.of("bomb.yml")), "bomb.yml:7:",
                "too many aliases of lists or mappings (at most 50)");
    }

    @Test
    void deepNestingIsRefusedBeforeComposing() {
        String yaml = "nodes: " + "[".repeat(50_000) + "]".repeat(50_000);

        assertSingleProblem(() -> DataflowLoader.parse(yaml, Path.of("deep.yml")), "deep.yml:1:",
                "nest too deeply");
    }

    @Test
    void unbalancedBracesAreNotYaml() {
        assertSingleProblem(() -> DataflowLoader.parse("{{{", Path.of("df.yml")), "df.yml:", "invalid YAML");
    }

    @Test
    void binaryGarbageIsNotYaml() throws IOException {
        Path file = dir.resolve("garbage.yml");
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37 + 11);
        }
        Files.write(file, bytes);

        assertSingleProblem(() -> Dataflow.load(file), file + ":1:1: ", "not a text file");
    }

    @Test
    void controlCharactersAreNotYaml() {
        assertSingleProblem(() -> DataflowLoader.parse("nodes:\n  - id: \u0001\n", Path.of("df.yml")),
                "df.yml:2:9: ", "U+0001");
    }

    @Test
    void anEmptyFileIsAProblem() throws IOException {
        Path file = dir.resolve("empty.yml");
        Files.writeString(file, "# only a comment\n");

        assertSingleProblem(() -> Dataflow.load(file), file + ":1:1: ", "the file is empty");
    }

    @Test
    void aTopLevelThatIsNotAMappingIsAProblem() {
        assertSingleProblem(() -> DataflowLoader.parse("- id: a\n", Path.of("df.yml")), "df.yml:1:1: ",
                "the top level must be a mapping with 'nodes:', not a list");
        assertSingleProblem(() -> DataflowLoader.parse("just text", Path.of("df.yml")), "df.yml:1:1: ",
                "not a string ('just text')");
    }

    @Test
    void aMissingFileIsAProblem() {
        Path file = dir.resolve("nope.yml");

        assertSingleProblem(() -> Dataflow.load(file), file + ":1:1: ", "file not found");
    }

    @Test
    void aDirectoryIsAProblem() {
        assertSingleProblem(() -> Dataflow.load(dir), dir + ":1:1: ", "is a directory");
    }

    @Test
    void aTooLargeFileIsRefusedBeforeParsing() throws IOException {
        Path file = dir.resolve("large.yml");
        Files.write(file, ("#" + "x".repeat(1023) + "\n").repeat(1025).getBytes(StandardCharsets.UTF_8));

        assertSingleProblem(() -> Dataflow.load(file), file + ":1:1: ", "file is too large");
        assertSingleProblem(() -> DataflowLoader.parse("#".repeat(SafeYaml.MAX_SIZE + 1), Path.of("df.yml")),
                "df.yml:1:1: ", "file is too large");
    }

    @Test
    void multipleDocumentsAreAProblem() {
        assertSingleProblem(() -> DataflowLoader.parse("nodes: []\n---\nnodes: []\n", Path.of("df.yml")), "df.yml:",
                "invalid YAML");
    }

    private static void assertSingleProblem(ThrowingCall call, String prefix, String part) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(DataflowException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.getMessage()).matches(PROBLEM_FORMAT).startsWith(prefix).contains(part);
                });
    }

    @FunctionalInterface
    private interface ThrowingCall {
        Object run() throws Exception;
    }
}
