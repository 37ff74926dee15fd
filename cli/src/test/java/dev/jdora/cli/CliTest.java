package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance checks of {@code jdora check} and {@code jdora graph}: clear errors, exit 2, no stack trace. */
class CliTest {

    private static final String LOCATED = "^.+:\\d+:\\d+: .+$";

    @TempDir
    Path dir;

    private record Outcome(int exit, String out, String err) {
        List<String> errLines() {
            return Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).toList();
        }
    }

    private static Outcome jdora(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static void assertNoStackTrace(Outcome o) {
        assertThat(o.out + o.err).doesNotContain("\tat ").doesNotContain("Exception in thread")
                .doesNotContainPattern("\\w+(Exception|Error):");
    }

    @Test
    void checkReportsThreeMistakesAsThreeLocatedLines() throws Exception {
        Path f = file("three.yml", """
                nodes:
                  - id: camera
                    class: dev.example.Camera
                    inputs:
                      tick: dora/timer/milis/100
                    outputs: [image]
                  - id: sink
                    class: dev.example.Sink
                    inputz:
                      image: camera/image
                  - id: other
                    class: dev.example.Other
                    inputs:
                      image: camra/image
                """);
        Outcome o = jdora("check", f.toString());

        assertThat(o.exit).isEqualTo(2);
        List<String> problems = o.errLines().stream().filter(l -> l.matches(LOCATED)).toList();
        assertThat(problems).hasSize(3);
        assertThat(problems).allSatisfy(l -> assertThat(l).startsWith(f + ":"));
        assertThat(problems.get(0)).contains(":5:").contains("milis");
        assertThat(problems.get(1)).contains(":9:").contains("inputz").contains("did you mean 'inputs'");
        assertThat(problems.get(2)).contains(":14:").contains("camra").contains("did you mean 'camera'");
        assertNoStackTrace(o);
    }

    @Test
    void checkRejectsAFileThatIsNotYaml() throws Exception {
        Path f = dir.resolve("binary.yml");
        Files.write(f, new byte[] {0, 1, 2, (byte) 0xff, '{', '{', '{'});
        assertOneLocatedProblem(jdora("check", f.toString()), f);
    }

    @Test
    void checkRejectsAnEmptyFile() throws Exception {
        Path f = file("empty.yml", "");
        assertOneLocatedProblem(jdora("check", f.toString()), f);
    }

    @Test
    void checkRejectsABillionLaughsAliasBomb() throws Exception {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p);
            for (int i = 0; i < 8; i++) {
                bomb.append(",*").append(p);
            }
            bomb.append("]\n");
        }
        Path f = file("bomb.yml", bomb.toString());
        Outcome o = jdora("check", f.toString());
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.errLines().get(0)).matches(LOCATED).startsWith(f.toString());
        assertNoStackTrace(o);
    }

    @Test
    void checkRejectsAMissingFile() {
        Path f = dir.resolve("nope.yml");
        assertOneLocatedProblem(jdora("check", f.toString()), f);
    }

    @Test
    void unknownOptionIsAUserError() {
        Outcome o = jdora("run", "--no-such-option", "x.yml");
        assertThat(o.exit).isEqualTo(2);
        assertNoStackTrace(o);
    }

    @Test
    void graphWritesAnOfflineHtmlPageWithEveryNodeAndEdgeOfTheCameraSample() throws Exception {
        Path html = dir.resolve("camera.html");
        Outcome o = jdora("graph", samples().resolve("camera.yml").toString(), "-o", html.toString());
        assertThat(o.exit).as(o.err).isZero();

        String page = Files.readString(html);
        assertThat(page).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?https?:");
        assertThat(page).contains("mermaid.initialize");
        for (String node : List.of("camera", "detector", "stats", "dora/timer/hz/30", "dora/timer/secs/1")) {
            assertThat(page).contains(node);
        }
        Outcome mermaid = jdora("graph", "--mermaid", samples().resolve("camera.yml").toString());
        assertThat(mermaid.out.lines().filter(l -> l.contains("-->"))).hasSize(4);
    }

    private static Path samples() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(here.resolve("samples")) ? here : here.getParent();
        return root.resolve("samples/dataflows");
    }

    private static void assertOneLocatedProblem(Outcome o, Path f) {
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.errLines().get(0)).matches(LOCATED).startsWith(f.toString());
        assertNoStackTrace(o);
    }
}
