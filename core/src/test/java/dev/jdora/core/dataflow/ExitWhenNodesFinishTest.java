package dev.jdora.core.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** dora's top-level {@code exit_when_nodes_finish}: its forms, the nodes each one names, and its mistakes. */
class ExitWhenNodesFinishTest {

    private static final String SOURCE = """
            nodes:
              - id: source
                path: s.py
                inputs:
                  tick: dora/timer/millis/50
                outputs: [out]
            """;

    private static final String NODES = SOURCE + """
              - id: relay
                path: r.py
                inputs:
                  in: source/out
                  tick: dora/timer/secs/1
                outputs: [out]
              - id: sink
                path: k.py
                inputs:
                  in: relay/out
              - id: lonely
                path: l.py
            """;

    private static Dataflow load(String yaml) throws DataflowException {
        return DataflowLoader.parse(yaml, Path.of("df.yml"));
    }

    private static List<String> problems(String yaml) {
        DataflowException e = catchThrowableOfType(DataflowException.class, () -> load(yaml));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void absentOrFalseEndsNothing() throws Exception {
        for (String yaml : List.of(NODES, "exit_when_nodes_finish: false\n" + NODES,
                "exit_when_nodes_finish:\n" + NODES)) {
            Dataflow flow = load(yaml);
            assertThat(flow.exitWhenNodesFinish()).isEqualTo(ExitWhenNodesFinish.off());
            assertThat(flow.exitWhenNodesFinish().nodesToFinish(flow.nodes())).isEmpty();
        }
    }

    @Test
    void trueNamesEveryNodeThatReadsAnotherNodesOutput() throws Exception {
        Dataflow flow = load("exit_when_nodes_finish: true\n" + NODES);
        assertThat(flow.exitWhenNodesFinish()).isInstanceOf(ExitWhenNodesFinish.EveryDataNode.class);
        assertThat(flow.exitWhenNodesFinish().nodesToFinish(flow.nodes())).containsExactlyInAnyOrder("relay", "sink");
    }

    @Test
    void trueCountsTheInputsOfOperatorsButNotEdgesBetweenOperatorsOfOneNode() throws Exception {
        Dataflow flow = load("exit_when_nodes_finish: True\n" + SOURCE + """
                  - id: host
                    operators:
                      - id: a
                        class: dev.example.A
                        inputs:
                          in: source/out
                        outputs: [out]
                  - id: inner
                    operators:
                      - id: a
                        class: dev.example.A
                        inputs:
                          tick: dora/timer/millis/50
                        outputs: [out]
                      - id: b
                        class: dev.example.B
                        inputs:
                          in: inner/a/out
                """);
        assertThat(flow.exitWhenNodesFinish().nodesToFinish(flow.nodes())).containsExactly("host");
    }

    @Test
    void aListNamesThoseNodes() throws Exception {
        Dataflow flow = load("exit_when_nodes_finish: [sink, lonely]\n" + NODES);
        assertThat(flow.exitWhenNodesFinish().nodesToFinish(flow.nodes())).containsExactlyInAnyOrder("sink", "lonely");
    }

    @Test
    void theRuntimesFlatteningKeepsTheSetting() throws Exception {
        Dataflow flow = load("exit_when_nodes_finish: [sink]\n" + NODES);
        assertThat(flow.withNodes(flow.nodes().subList(0, 1)).exitWhenNodesFinish())
                .isEqualTo(flow.exitWhenNodesFinish());
    }

    @Test
    void anUnknownNodeIsLocatedWithADidYouMean() {
        assertThat(problems("exit_when_nodes_finish: [sinc, relay, nobody]\n" + NODES)).containsExactly(
                "df.yml:1:26: exit_when_nodes_finish: unknown node 'sinc' (did you mean 'sink'?)",
                "df.yml:1:39: exit_when_nodes_finish: unknown node 'nobody'");
    }

    @Test
    void aWrongFormIsLocated() {
        assertThat(problems("exit_when_nodes_finish: sink\n" + NODES)).containsExactly(
                "df.yml:1:25: 'exit_when_nodes_finish' must be true, false or a list of node ids, not a string "
                        + "('sink')");
        assertThat(problems("exit_when_nodes_finish: []\n" + NODES)).containsExactly(
                "df.yml:1:25: 'exit_when_nodes_finish' is an empty list: name the nodes whose end ends the dataflow,"
                        + " or write true or false");
        assertThat(problems("exit_when_nodes_finish: [sink, sink, {a: b}]\n" + NODES)).containsExactly(
                "df.yml:1:32: exit_when_nodes_finish: duplicate node 'sink' (first at line 1)",
                "df.yml:1:38: exit_when_nodes_finish: 'node id' must be a string, not a mapping");
    }

    @Test
    void aMisspelledKeyGetsADidYouMean() {
        assertThat(problems("exit_when_node_finish: true\n" + NODES)).singleElement().asString()
                .contains("unknown key 'exit_when_node_finish'").contains("did you mean 'exit_when_nodes_finish'?");
    }
}
