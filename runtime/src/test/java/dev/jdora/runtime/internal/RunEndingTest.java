package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What follows from each node's end, on the graph alone (no run). */
class RunEndingTest {

    @TempDir
    Path dir;

    private final List<String> actions = new ArrayList<>();

    private RunEnding ending(String yaml) throws Exception {
        return new RunEnding(load(yaml), new RunEnding.Actions() {
            @Override
            public void stopAll(String reason) {
                actions.add("stop all: " + reason);
            }

            @Override
            public void endTimersOf(String nodeId) {
                actions.add("end timers of " + nodeId);
            }
        });
    }

    private Dataflow load(String yaml) throws Exception {
        Path file = dir.resolve("df.yml");
        Files.writeString(file, yaml);
        return OperatorNodes.flatten(Dataflow.load(file));
    }

    private static final String NODES = """
            nodes:
              - id: source
                path: s
                inputs: {tick: dora/timer/millis/50}
                outputs: [out]
              - id: a
                path: a
                inputs: {in: source/out, tick: dora/timer/secs/1}
                outputs: [out]
              - id: b
                path: b
                inputs: {in: source/out}
              - id: c
                path: c
                inputs: {in: a/out}
              - id: heartbeat
                path: h
                inputs: {tick: dora/timer/secs/1}
            """;

    @Test
    void aTimerOnlySourceHasItsTimersEndedWhenItsLastReaderEnds() throws Exception {
        RunEnding ending = ending(NODES);
        ending.nodeEnded("a");
        ending.nodeEnded("c");
        ending.nodeEnded("heartbeat");
        assertThat(actions).isEmpty();
        ending.nodeEnded("b");
        assertThat(actions).containsExactly("end timers of source");
        ending.nodeEnded("source");
        assertThat(actions).hasSize(1);
    }

    @Test
    void theListedNodesEndTheDataflowOnceAllOfThemHaveEnded() throws Exception {
        RunEnding ending = ending("exit_when_nodes_finish: [c, b]\n" + NODES);
        ending.nodeEnded("c");
        assertThat(actions).isEmpty();
        ending.nodeEnded("b");
        assertThat(actions).containsExactly("stop all: nodes 'b', 'c' have finished (exit_when_nodes_finish)");
        ending.nodeEnded("a");
        assertThat(actions).hasSize(2).endsWith("end timers of source"); // the run ignores it: it is stopping
    }

    @Test
    void trueWaitsForEveryNodeThatReadsAnotherNode() throws Exception {
        RunEnding ending = ending("exit_when_nodes_finish: true\n" + NODES);
        ending.nodeEnded("heartbeat");
        ending.nodeEnded("b");
        ending.nodeEnded("c");
        assertThat(actions).isEmpty();
        ending.nodeEnded("a");
        assertThat(actions).containsExactly("stop all: nodes 'a', 'b', 'c' have finished (exit_when_nodes_finish)",
                "end timers of source");
    }

    @Test
    void aNodeThatNobodyReadsKeepsItsTimers() throws Exception {
        RunEnding ending = ending(NODES);
        for (String node : List.of("source", "a", "b", "c")) {
            ending.nodeEnded(node);
        }
        assertThat(actions).doesNotContain("end timers of heartbeat");
    }

    @Test
    void everyNodeIsStoppedBeforeTheNodesItReadsFrom() throws Exception {
        List<String> order = RunEnding.stopOrder(load((NODES + """
                  - id: loop1
                    path: l
                    inputs: {in: loop2/out}
                    outputs: [out]
                  - id: loop2
                    path: l
                    inputs: {in: loop1/out, c: c/out}
                    outputs: [out]
                """).replace("  - id: c\n    path: c\n", "  - id: c\n    path: c\n    outputs: [out]\n")));
        assertThat(order).containsExactlyInAnyOrder("source", "a", "b", "c", "heartbeat", "loop1", "loop2");
        assertThat(order.indexOf("c")).isLessThan(order.indexOf("a"));
        assertThat(order.indexOf("a")).isLessThan(order.indexOf("source"));
        assertThat(order.indexOf("b")).isLessThan(order.indexOf("source"));
        assertThat(order.indexOf("loop2")).isLessThan(order.indexOf("c"));
    }
}
