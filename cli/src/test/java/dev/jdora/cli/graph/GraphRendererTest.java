package dev.jdora.cli.graph;

import static dev.jdora.cli.graph.TestFlows.classNode;
import static dev.jdora.cli.graph.TestFlows.flow;
import static dev.jdora.cli.graph.TestFlows.input;
import static dev.jdora.cli.graph.TestFlows.operator;
import static dev.jdora.cli.graph.TestFlows.operatorNode;
import static dev.jdora.cli.graph.TestFlows.pathNode;
import static dev.jdora.cli.graph.TestFlows.timer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.QueuePolicy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GraphRendererTest {

    @Nested
    class Mermaid {

        private final String text = GraphRenderer.mermaid(TestFlows.camera());

        @Test
        void isAFlowchartWithOneVertexPerNodeAndTimer() {
            assertThat(text).startsWith("flowchart LR\n");
            assertThat(text).contains(
                    "n0[\"camera<br/><small>dev.example.Camera</small>\"]",
                    "n1[\"object-detector<br/><small>detector_v2.py</small><br/><small>unread output: debug</small>\"]",
                    "n2[\"sink_1<br/><small>dev.example.Sink</small>\"]",
                    "t0([\"dora/timer/millis/100\"])");
        }

        @Test
        void hasOneLabelledEdgePerInput() {
            assertThat(text).contains(
                    "t0 -->|\"tick\"| n0",
                    "n0 -->|\"image → frames<br/><small>queue_size 1, drop_oldest</small>\"| n1",
                    "n1 -->|\"boxes → boxes\"| n2");
            assertThat(text.lines().filter(l -> l.contains("-->"))).hasSize(3);
        }

        @Test
        void marksTimersWithAClass() {
            assertThat(text).contains("class t0 timer");
        }

        @Test
        void escapesQuotesAndMarkupInLabels() {
            Dataflow flow = flow(pathNode("n", "bin/\"weird\" <name> & #1|x", List.of(), List.of()));

            String line = GraphRenderer.mermaid(flow).lines().filter(l -> l.contains("n0[")).findFirst().orElseThrow();

            assertThat(line).isEqualTo(
                    "    n0[\"n<br/><small>bin/#quot;weird#quot; #lt;name#gt; #amp; #35;1#124;x</small>\"]");
        }
    }

    @Nested
    class Dot {

        private final String text = GraphRenderer.dot(TestFlows.camera());

        @Test
        void isADigraphWithEveryNodeAndTimer() {
            assertThat(text).startsWith("digraph \"camera.yml\" {\n").endsWith("}\n");
            assertThat(text).contains(
                    "n0 [label=<camera<BR/><FONT POINT-SIZE=\"9\">dev.example.Camera</FONT>>];",
                    "n1 [label=<object-detector<BR/><FONT POINT-SIZE=\"9\">detector_v2.py</FONT>"
                            + "<BR/><FONT POINT-SIZE=\"9\">unread output: debug</FONT>>];",
                    "n2 [label=<sink_1<BR/><FONT POINT-SIZE=\"9\">dev.example.Sink</FONT>>];",
                    "t0 [label=<dora/timer/millis/100>, shape=oval");
        }

        @Test
        void hasOneLabelledEdgePerInput() {
            assertThat(text).contains(
                    "t0 -> n0 [label=<tick>];",
                    "n0 -> n1 [label=<image → frames<BR/><FONT POINT-SIZE=\"9\">queue_size 1, drop_oldest</FONT>>];",
                    "n1 -> n2 [label=<boxes → boxes>];");
            assertThat(text.lines().filter(l -> l.contains(" -> "))).hasSize(3);
        }

        @Test
        void escapesLabelsAsXml() {
            Dataflow flow = flow(pathNode("n", "a<b>&\"c\"", List.of(), List.of()));

            assertThat(GraphRenderer.dot(flow)).contains("a&lt;b&gt;&amp;&quot;c&quot;");
        }
    }

    @Nested
    class Content {

        @Test
        void marksBackpressureAndTimeoutButNotDefaults() {
            InputSpec lossless = new InputSpec("in", new InputSource.NodeOutput("a", "out"),
                    InputSpec.DEFAULT_QUEUE_SIZE, QueuePolicy.BACKPRESSURE, Optional.of(Duration.ofSeconds(2)),
                    TestFlows.AT);
            Dataflow flow = flow(
                    classNode("a", "A", List.of(), List.of("out")),
                    classNode("b", "B", List.of(lossless), List.of()),
                    classNode("c", "C", List.of(input("in", new InputSource.NodeOutput("a", "out"))), List.of()));

            String text = GraphRenderer.mermaid(flow);

            assertThat(text).contains("n0 -->|\"out → in<br/><small>backpressure, input_timeout 2s</small>\"| n1",
                    "n0 -->|\"out → in\"| n2");
        }

        @Test
        void drawsEachDistinctTimerOnce() {
            Dataflow flow = flow(
                    classNode("a", "A", List.of(input("tick", timer(100))), List.of()),
                    classNode("b", "B", List.of(input("tick", timer(100)), input("slow", timer(1000))), List.of()));

            String text = GraphRenderer.mermaid(flow);

            assertThat(text).contains("t0([\"dora/timer/millis/100\"])", "t1([\"dora/timer/millis/1000\"])",
                    "t0 -->|\"tick\"| n0", "t0 -->|\"tick\"| n1", "t1 -->|\"slow\"| n1");
            assertThat(text).doesNotContain("t2");
        }

        @Test
        void drawsOperatorsAsBoxesInsideTheirRuntimeNodeWithEdgesToAndFromEachOperator() {
            String text = GraphRenderer.mermaid(runtimeNodeFlow());

            assertThat(text).contains("""
                        subgraph n0 ["runtime"]
                            n0o0["op<br/><small>dev.example.Op</small><br/><small>unread output: spare</small>"]
                            n0o1["second<br/><small>dev.example.Op</small>"]
                        end
                    """);
            assertThat(text).contains("t0 -->|\"tick\"| n0o0", "n0o0 -->|\"result → in\"| n0o1",
                    "n0o1 -->|\"out → r\"| n1", "class n0o0,n0o1 operator");
            assertThat(text).doesNotContain("n0[");
        }

        @Test
        void drawsOperatorsAsClustersInsideTheirRuntimeNodeInDot() {
            String text = GraphRenderer.dot(runtimeNodeFlow());

            assertThat(text).contains("    subgraph cluster_n0 {\n        label=<runtime>;",
                    "        n0o0 [label=<op<BR/>", "        n0o1 [label=<second<BR/>");
            assertThat(text).contains("t0 -> n0o0 [label=<tick>];", "n0o0 -> n0o1 [label=<result → in>];",
                    "n0o1 -> n1 [label=<out → r>];");
        }

        @Test
        void readsTheSingleOperatorShortFormAsThatOperatorsOutput() {
            Dataflow flow = flow(
                    operatorNode("rt", List.of(operator("op", List.of(), List.of("out")))),
                    classNode("sink", "S", List.of(input("r", new InputSource.NodeOutput("rt", "out"))), List.of()));

            String text = GraphRenderer.mermaid(flow);

            assertThat(text).contains("n0o0 -->|\"out → r\"| n1").doesNotContain("unread");
        }

        /** A timer into operator 'op' of 'runtime', 'op' into 'second', 'second' into node 'sink'. */
        private static Dataflow runtimeNodeFlow() {
            return flow(
                    operatorNode("runtime", List.of(
                            operator("op", List.of(input("tick", timer(50))), List.of("result", "spare")),
                            operator("second", List.of(input("in", new InputSource.NodeOutput("runtime",
                                    "op/result"))), List.of("out")))),
                    classNode("sink", "S", List.of(input("r", new InputSource.NodeOutput("runtime", "second/out"))),
                            List.of()));
        }

        @Test
        void drawsASourceThatNamesNoNodeInsteadOfDroppingTheEdge() {
            Dataflow flow = flow(classNode("a", "A", List.of(input("in", new InputSource.NodeOutput("ghost", "x"))),
                    List.of()));

            assertThat(GraphRenderer.mermaid(flow)).contains("u0[\"ghost<br/><small>unknown node</small>\"]",
                    "u0 -->|\"x → in\"| n0", "class u0 missing");
        }
    }
}
