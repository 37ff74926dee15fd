package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code jdora} says when the command line is wrong or a command cannot do its work: one clear line, exit 2. */
class CommandLineMessagesTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownCommandIsNamedWithTheCommandsThereAre() {
        CliOutcome o = jdora("frobnicate");

        assertThat(o.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(o.errLines()).containsExactly(
                "error: unknown command 'frobnicate' (the commands are run, build, check, graph, new, start, list, stop, "
                        + "logs, topic, down, up, top, ui, record, replay, recording, node, coordinator, daemon, help)",
                "try: jdora --help");
        o.assertNoStackTrace();
    }

    @Test
    void aMistypedCommandGetsADidYouMean() {
        CliOutcome o = jdora("chek", "flow.yml");

        assertThat(o.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(o.errLines().get(0)).isEqualTo("error: unknown command 'chek' (did you mean 'check'?)");
    }

    @Test
    void mutuallyExclusiveOptionsAreOneMessageWithoutADoubledError() throws Exception {
        Path f = operatorsFlow();

        CliOutcome o = jdora("graph", "--mermaid", "--dot", f.toString());

        assertThat(o.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(o.errLines()).containsExactly(
                "error: --mermaid, --dot are mutually exclusive (specify only one)", "try: jdora graph --help");
    }

    @Test
    void anUnwritableGraphOutputSaysWhatFailed() throws Exception {
        Path f = operatorsFlow();
        Path target = dir.resolve("no-such-directory/x.html");

        CliOutcome o = jdora("graph", f.toString(), "-o", target.toString());

        assertThat(o.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(o.errLines()).containsExactly("error: cannot write " + target + ": no such directory");
        o.assertNoStackTrace();
    }

    @Test
    void aGraphOutputThatIsADirectorySaysSo() throws Exception {
        Path f = operatorsFlow();

        CliOutcome o = jdora("graph", f.toString(), "-o", dir.toString());

        assertThat(o.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(o.errLines()).containsExactly("error: cannot write " + dir + ": it is a directory");
    }

    @Test
    void everyGraphFormatDrawsTheOperatorsAsBoxesInsideTheirRuntimeNode() throws Exception {
        Path f = operatorsFlow();
        Path html = dir.resolve("flow.html");

        CliOutcome mermaid = jdora("graph", "--mermaid", f.toString());
        CliOutcome dot = jdora("graph", "--dot", f.toString());
        CliOutcome page = jdora("graph", f.toString(), "-o", html.toString());

        assertThat(mermaid.out()).contains("subgraph n1 [\"rt\"]\n        n1o0[\"scale<br/>",
                "        n1o1[\"sum<br/>", "n0 -->|\"value → value\"| n1o0", "n1o0 -->|\"scaled → in\"| n1o1");
        assertThat(dot.out()).contains("subgraph cluster_n1 {\n        label=<rt>;", "        n1o0 [label=<scale<BR/>",
                "        n1o1 [label=<sum<BR/>", "n0 -> n1o0 [label=<value → value>];");
        assertThat(page.exit()).as(page.err()).isZero();
        assertThat(Files.readString(html)).contains("subgraph n1 [&quot;rt&quot;]", "n1o0[&quot;scale&lt;br/&gt;");
    }

    /** A plain node feeding a runtime node 'rt' with operators 'scale' and 'sum'. */
    private Path operatorsFlow() throws Exception {
        Path f = dir.resolve("flow.yml");
        Files.writeString(f, """
                nodes:
                  - id: source
                    class: demo.Source
                    outputs: [value]
                  - id: rt
                    operators:
                      - id: scale
                        class: demo.Scale
                        inputs: {value: source/value}
                        outputs: [scaled]
                      - id: sum
                        class: demo.Sum
                        inputs: {in: rt/scale/scaled}
                """);
        return f;
    }
}
