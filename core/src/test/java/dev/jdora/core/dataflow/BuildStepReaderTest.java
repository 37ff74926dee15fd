package dev.jdora.core.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class BuildStepReaderTest {

    private static final Path FILE = Path.of("df.yml");

    @Test
    void eachNonBlankLineIsACommandSplitLikeArgsWithoutAShell() throws DataflowException {
        Dataflow flow = DataflowLoader.parse("""
                nodes:
                  - id: camera
                    path: camera
                    build: |
                      mvn -q package

                      sh -c 'echo "built" > done.txt'
                  - id: rt
                    operators:
                      - id: op
                        class: a.Op
                        build: make op
                """, FILE);

        NodeSpec camera = flow.node("camera").orElseThrow();
        assertThat(camera.build()).extracting(BuildStep::command).containsExactly(
                List.of("mvn", "-q", "package"), List.of("sh", "-c", "echo \"built\" > done.txt"));
        assertThat(camera.build()).extracting(BuildStep::line).containsExactly("mvn -q package",
                "sh -c 'echo \"built\" > done.txt'");
        assertThat(camera.build().get(0).location()).isEqualTo(new SourceLocation(FILE, 4, 12));
        assertThat(flow.node("rt").orElseThrow().operators().get(0).build()).extracting(BuildStep::command)
                .containsExactly(List.of("make", "op"));
    }

    @Test
    void aNodeWithoutBuildHasNoSteps() throws DataflowException {
        Dataflow flow = DataflowLoader.parse("nodes:\n  - id: a\n    path: a\n    build:\n", FILE);

        assertThat(flow.node("a").orElseThrow().build()).isEmpty();
    }

    @Test
    void anUnclosedQuoteOrAListIsALocatedProblem() {
        DataflowException e = catchThrowableOfType(DataflowException.class, () -> DataflowLoader.parse("""
                nodes:
                  - id: a
                    path: a
                    build: make 'all
                  - id: b
                    path: b
                    build: [make]
                """, FILE));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "df.yml:4:12: node 'a': 'build' has a quote that is not closed: make 'all",
                "df.yml:7:12: node 'b': 'build' must be a string, not a list");
    }
}
