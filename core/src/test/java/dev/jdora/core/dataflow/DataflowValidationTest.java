package dev.jdora.core.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** One test per validation rule: each states the exact problems, positions included. */
class DataflowValidationTest {

    private static final String CAMERA = """
            nodes:
              - id: camera
                path: cam.py
                outputs: [image]
            """;

    private static List<String> problems(String yaml) {
        DataflowException e = catchThrowableOfType(DataflowException.class,
                () -> DataflowLoader.parse(yaml, Path.of("df.yml")));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }

    /** The camera node plus a sink node whose body (indented by four) is given. */
    private static List<String> sink(String body) {
        return problems(CAMERA + "  - id: sink\n" + body.indent(4));
    }

    @Test
    void missingNodes() {
        assertThat(problems("classpath: app.jar\n"))
                .containsExactly("df.yml:1:1: missing 'nodes:' (the list of nodes)");
    }

    @Test
    void emptyNodes() {
        assertThat(problems("nodes: []\n"))
                .containsExactly("df.yml:1:8: 'nodes' is empty: a dataflow needs at least one node");
    }

    @Test
    void unknownSourceNodeWithoutSuggestion() {
        assertThat(sink("path: s.py\ninputs:\n  a: microphone/audio"))
                .containsExactly("df.yml:8:10: node 'sink': input 'a': unknown source node 'microphone'");
    }

    @Test
    void unknownSourceOutput() {
        assertThat(sink("path: s.py\ninputs:\n  a: camera/imag"))
                .containsExactly("df.yml:8:10: node 'sink': input 'a': source node 'camera' has no output 'imag'"
                        + " (did you mean 'image'?)");
    }

    @Test
    void aNodeCannotReadItsOwnOutput() {
        assertThat(sink("path: s.py\noutputs: [x]\ninputs:\n  a: sink/x"))
                .containsExactly("df.yml:9:10: node 'sink': input 'a': source 'sink/x': a node cannot read its own"
                        + " output");
    }

    @Test
    void operatorSources() {
        String yaml = """
                nodes:
                  - id: rt
                    operators:
                      - id: plot
                        class: a.Plot
                        inputs:
                          own: rt/plot/figure
                          sibling: rt/other/x
                        outputs: [figure]
                      - id: other
                        class: a.Other
                        outputs: [x]
                  - id: sink
                    path: s.py
                    inputs:
                      a: rt/plt/figure
                      b: rt/plot/figur
                      c: rt/figure
                """;

        assertThat(problems(yaml)).containsExactly(
                "df.yml:7:16: node 'rt': operator 'plot': input 'own': source 'rt/plot/figure': an operator cannot"
                        + " read its own output",
                "df.yml:16:10: node 'sink': input 'a': source node 'rt' has no operator 'plt' (did you mean 'plot'?)",
                "df.yml:17:10: node 'sink': input 'b': operator 'rt/plot' has no output 'figur'"
                        + " (did you mean 'figure'?)",
                "df.yml:18:10: node 'sink': input 'c': source node 'rt' has no output 'figure' (the outputs of its"
                        + " operators are written 'rt/<operator>/<output>')");
    }

    @Test
    void duplicateNodeIds() {
        assertThat(problems(CAMERA + "  - id: camera\n    path: other.py\n"))
                .containsExactly("df.yml:5:5: node 'camera': duplicate node id (first at line 2)");
    }

    @Test
    void duplicateInputAndOutputIds() {
        assertThat(sink("path: s.py\noutputs: [x, y, x]\ninputs:\n  a: camera/image\n  a: camera/image"))
                .containsExactly(
                        "df.yml:7:21: node 'sink': duplicate output 'x' (first at line 7)",
                        "df.yml:10:7: node 'sink': duplicate input 'a' (first at line 9)");
    }

    @Test
    void badIdCharacters() {
        String yaml = """
                nodes:
                  - id: my/camera
                    path: cam.py
                    outputs: [raw image]
                  - id: sink
                    path: s.py
                    inputs:
                      in.put: dora/timer/secs/1
                """;

        assertThat(problems(yaml)).containsExactly(
                "df.yml:2:9: node 'my/camera': bad node id 'my/camera': use only letters, digits, '_' and '-'",
                "df.yml:4:15: node 'my/camera': bad output id 'raw image': use only letters, digits, '_' and '-'",
                "df.yml:8:7: node 'sink': bad input id 'in.put': use only letters, digits, '_' and '-'");
    }

    @Test
    void idsLongerThanTheLimitAreRejectedSoThatEveryQueueFileNameFits() {
        String longId = "a".repeat(300);
        String yaml = """
                nodes:
                  - id: %1$s
                    path: cam.py
                    outputs: [%2$s]
                  - id: sink
                    path: s.py
                    inputs:
                      %3$s: dora/timer/millis/100
                      ok: %1$s/%2$s
                """.formatted(longId, "o".repeat(64), "i".repeat(70));

        assertThat(problems(yaml)).containsExactly(
                "df.yml:2:9: node 'aaaaaaaaaaaaaaaaaaaa…': node id 'aaaaaaaaaaaaaaaaaaaa…' is 300 characters long:"
                        + " ids have at most 63",
                "df.yml:4:15: node 'aaaaaaaaaaaaaaaaaaaa…': output id 'oooooooooooooooooooo…' is 64 characters long:"
                        + " ids have at most 63",
                "df.yml:8:7: node 'sink': input id 'iiiiiiiiiiiiiiiiiiii…' is 70 characters long: ids have at most 63");
    }

    @Test
    void theFullNameOfAnOperatorInputMustFitTheTransportsSubscriberName() {
        String yaml = """
                nodes:
                  - id: %s
                    operators:
                      - id: %s
                        class: a.Op
                        inputs:
                          %s: dora/timer/secs/1
                """.formatted("n".repeat(60), "p".repeat(60), "i".repeat(10));

        assertThat(problems(yaml)).containsExactly(
                "df.yml:7:23: node '" + "n".repeat(60) + "': operator '" + "p".repeat(60) + "': input '"
                        + "i".repeat(10) + "': the input's full name 'node/operator/input' is 132 characters long:"
                        + " at most 128 (shorten the node, operator or input id)");
    }

    @Test
    void timerPeriodsWithMoreThanNineteenDigitsAreRejected() {
        assertThat(sink("path: s.py\ninputs:\n  a: dora/timer/millis/000000000000000000001")).containsExactly(
                "df.yml:8:10: node 'sink': input 'a': bad timer 'dora/timer/millis/000000000000000000001':"
                        + " '000000000000000000001' has more than 19 characters");
    }

    @Test
    void bothOrNeitherOfPathClassOperators() {
        String yaml = """
                nodes:
                  - id: both
                    path: a.py
                    class: a.B
                  - id: neither
                    outputs: [x]
                """;

        assertThat(problems(yaml)).containsExactly(
                "df.yml:4:5: node 'both': 'path' and 'class' cannot be used together: use exactly one of 'path',"
                        + " 'class', 'bean', 'operators' or 'operator'",
                "df.yml:5:5: node 'neither': needs one of 'path', 'class', 'bean', 'operators' or 'operator'");
    }

    @Test
    void beanIsANodeKindLikeClassAndPath() {
        String yaml = """
                nodes:
                  - id: both
                    bean: web
                    class: a.B
                  - id: list
                    bean: [a, b]
                """;

        assertThat(problems(yaml)).containsExactly(
                "df.yml:3:5: node 'both': 'class' and 'bean' cannot be used together: use exactly one of 'path',"
                        + " 'class', 'bean', 'operators' or 'operator'",
                "df.yml:6:11: node 'list': 'bean' must be a string, not a list");
    }

    @Test
    void badTimers() {
        String yaml = """
                nodes:
                  - id: t
                    path: t.py
                    inputs:
                      a: dora/timer/milis/10
                      b: dora/timer/secs/0
                      c: dora/timer/hz/fast
                      d: dora/timer/millis
                      e: dora/clock/1
                      f: dora/timer/weeks/1
                """;

        assertThat(problems(yaml)).containsExactly(
                "df.yml:5:10: node 't': input 'a': bad timer 'dora/timer/milis/10': unknown unit 'milis'"
                        + " (did you mean 'millis'?); use 'secs', 'millis', 'micros', 'nanos' or 'hz'",
                "df.yml:6:10: node 't': input 'b': bad timer 'dora/timer/secs/0': '0' is not a positive integer",
                "df.yml:7:10: node 't': input 'c': bad timer 'dora/timer/hz/fast': 'fast' is not a positive number",
                "df.yml:8:10: node 't': input 'd': bad timer 'dora/timer/millis': expected"
                        + " 'dora/timer/<secs|millis|micros|nanos|hz>/<N>'",
                "df.yml:9:10: node 't': input 'e': unknown dora source 'dora/clock/1': the only one is"
                        + " 'dora/timer/<secs|millis|micros|nanos|hz>/<N>'",
                "df.yml:10:10: node 't': input 'f': bad timer 'dora/timer/weeks/1': unknown unit 'weeks';"
                        + " use 'secs', 'millis', 'micros', 'nanos' or 'hz'");
    }

    @Test
    void timerPeriodsThatOverflowAndTimeoutsOnTimersAreRejected() {
        String yaml = """
                nodes:
                  - id: t
                    path: t.py
                    inputs:
                      a: dora/timer/secs/10000000000
                      b: {source: dora/timer/millis/10, input_timeout: 1}
                """;

        assertThat(problems(yaml)).containsExactly(
                "df.yml:5:10: node 't': input 'a': bad timer 'dora/timer/secs/10000000000': the period is too long"
                        + " (at most about 292 years)",
                "df.yml:6:56: node 't': input 'b': 'input_timeout' does not apply to a timer input: timers never"
                        + " go silent");
    }

    @Test
    void badSourceSyntax() {
        assertThat(sink("path: s.py\ninputs:\n  a: camera\n  b: camera//x\n  c: a/b/c/d")).containsExactly(
                "df.yml:8:10: node 'sink': input 'a': bad source 'camera': expected 'node/output',"
                        + " 'node/operator/output' or 'dora/timer/<secs|millis|micros|nanos|hz>/<N>'",
                "df.yml:9:10: node 'sink': input 'b': bad source 'camera//x': expected 'node/output',"
                        + " 'node/operator/output' or 'dora/timer/<secs|millis|micros|nanos|hz>/<N>'",
                "df.yml:10:10: node 'sink': input 'c': bad source 'a/b/c/d': expected 'node/output',"
                        + " 'node/operator/output' or 'dora/timer/<secs|millis|micros|nanos|hz>/<N>'");
    }

    @Test
    void badQueueSizes() {
        String body = """
                path: s.py
                inputs:
                  a: {source: camera/image, queue_size: 0}
                  b: {source: camera/image, queue_size: 1000001}
                  c: {source: camera/image, queue_size: ten}
                  d: {source: camera/image, queue_size: 1.5}
                  e: {source: camera/image, queue_size: 1000000}
                """;

        assertThat(sink(body)).containsExactly(
                "df.yml:8:45: node 'sink': input 'a': 'queue_size' must be an integer from 1 to 1000000,"
                        + " not a number (0)",
                "df.yml:9:45: node 'sink': input 'b': 'queue_size' must be an integer from 1 to 1000000,"
                        + " not a number (1000001)",
                "df.yml:10:45: node 'sink': input 'c': 'queue_size' must be an integer from 1 to 1000000,"
                        + " not a string ('ten')",
                "df.yml:11:45: node 'sink': input 'd': 'queue_size' must be an integer from 1 to 1000000,"
                        + " not a number (1.5)");
    }

    @Test
    void unknownQueuePolicy() {
        assertThat(sink("path: s.py\ninputs:\n  a: {source: camera/image, queue_policy: drop_olds}"))
                .containsExactly("df.yml:8:47: node 'sink': input 'a': unknown queue_policy 'drop_olds'"
                        + " (did you mean 'drop_oldest'?); use one of drop_oldest, backpressure");
    }

    @Test
    void badInputTimeouts() {
        String body = """
                path: s.py
                inputs:
                  a: {source: camera/image, input_timeout: 0}
                  b: {source: camera/image, input_timeout: -1}
                  c: {source: camera/image, input_timeout: soon}
                """;

        assertThat(sink(body)).containsExactly(
                "df.yml:8:48: node 'sink': input 'a': 'input_timeout' must be a positive number of seconds,"
                        + " not a number (0)",
                "df.yml:9:48: node 'sink': input 'b': 'input_timeout' must be a positive number of seconds,"
                        + " not a number (-1)",
                "df.yml:10:48: node 'sink': input 'c': 'input_timeout' must be a positive number of seconds,"
                        + " not a string ('soon')");
    }

    @Test
    void fractionalInputTimeout() throws DataflowException {
        Dataflow flow = DataflowLoader.parse(CAMERA + """
                  - id: sink
                    path: s.py
                    inputs:
                      a: {source: camera/image, input_timeout: 0.25}
                """, Path.of("df.yml"));

        assertThat(flow.node("sink").orElseThrow().inputs().get(0).inputTimeout()).contains(Duration.ofMillis(250));
    }

    @Test
    void unknownKeysAtEveryLevel() {
        String yaml = """
                node: []
                nodes:
                  - id: rt
                    operators:
                      - id: op
                        clas: a.Op
                        class: a.Op
                  - id: sink
                    path: s.py
                    inptus: {}
                    inputs:
                      a: {source: rt/op/x, queue: 3}
                """;

        assertThat(problems(yaml)).containsExactly(
                "df.yml:1:1: unknown key 'node' (did you mean 'nodes'?)",
                "df.yml:6:9: node 'rt': operator 'op': unknown key 'clas' (did you mean 'class'?)",
                "df.yml:10:5: node 'sink': unknown key 'inptus' (did you mean 'inputs'?)",
                "df.yml:12:19: node 'sink': input 'a': operator 'rt/op' has no output 'x'",
                "df.yml:12:28: node 'sink': input 'a': unknown key 'queue'");
    }

    @Test
    void wrongValueTypes() {
        String body = """
                path: [s.py]
                outputs: 5
                env: [A]
                args: {a: b}
                inputs: [camera/image]
                jvm_options: -Xmx1g
                """;

        assertThat(sink(body)).containsExactly(
                "df.yml:6:11: node 'sink': 'path' must be a string, not a list",
                "df.yml:7:14: node 'sink': 'outputs' must be a list of output ids, not a number (5)",
                "df.yml:8:10: node 'sink': 'env' must be a mapping, not a list",
                "df.yml:9:11: node 'sink': 'args' must be a list of strings (or one string), not a mapping",
                "df.yml:10:13: node 'sink': 'inputs' must be a mapping, not a list",
                "df.yml:11:18: node 'sink': 'jvm_options' must be a list of strings, not a string ('-Xmx1g')");
    }

    @Test
    void foreignOperatorsAreNotSupported() {
        String yaml = """
                nodes:
                  - id: rt
                    operators:
                      - id: py
                        python: op.py
                      - id: lib
                        shared-library: libop
                      - id: none
                        outputs: [x]
                """;

        assertThat(problems(yaml)).containsExactly(
                "df.yml:5:9: node 'rt': operator 'py': 'python' operators are not supported by jdora"
                        + " (JVM only): use 'class:' with a JVM class",
                "df.yml:7:9: node 'rt': operator 'lib': 'shared-library' operators are not supported by jdora"
                        + " (JVM only): use 'class:' with a JVM class",
                "df.yml:8:9: node 'rt': operator 'none': missing 'class'");
    }

    @Test
    void duplicateKeys() {
        assertThat(problems("nodes:\n  - id: a\n    path: a.py\n    path: b.py\n"))
                .containsExactly("df.yml:4:5: node 'a': duplicate key 'path' (first at line 3)");
    }

    @Test
    void mergeKeysAreResolvedByTheComposer() throws DataflowException {
        String yaml = """
                nodes:
                  - &base
                    id: a
                    path: a.py
                    env: {X: 1}
                  - <<: *base
                    id: b
                """;

        NodeSpec b = DataflowLoader.parse(yaml, Path.of("df.yml")).node("b").orElseThrow();

        assertThat(b.path()).contains("a.py");
        assertThat(b.env()).containsEntry("X", "1");
    }

    @Test
    void theTopLevelDeployIsTheDefaultMachineOfEveryNodeAndIsCheckedToo() throws Exception {
        Dataflow flow = DataflowLoader.parse("""
                deploy: {machine: edge}
                nodes:
                  - id: camera
                    path: cam.py
                    outputs: [image]
                  - id: detector
                    path: det.py
                    deploy: {machine: gpu}
                    inputs: {image: camera/image}
                """, Path.of("df.yml"));

        assertThat(flow.nodes()).extracting(n -> n.id() + "@" + n.deployMachine().orElse("-"))
                .containsExactly("camera@edge", "detector@gpu");
        assertThat(problems("_unstable_deploy: {machine: edge, labels: {gpu: x}}\n" + CAMERA)).containsExactly("df.yml:1:35: _unstable_deploy: 'labels' is not supported by "
                + "jdora: place the node with 'machine' (the --machine-id of a jdora daemon)");
    }

    @Test
    void smallerNodeProblems() {
        String yaml = """
                nodes:
                  - id: a
                    path: a.py
                    args: --name "unclosed
                    env:
                      EMPTY:
                    deploy: {machine: m1, mashine: m2}
                    class: not a class
                  - path: b.py
                  - just a string
                  - id: rt
                    operator: {class: a.Op}
                    outputs: [x]
                """;

        assertThat(problems(yaml)).containsExactly(
                "df.yml:4:11: node 'a': 'args' has a quote that is not closed",
                "df.yml:6:13: node 'a': env 'EMPTY' must be a string, number or boolean, not nothing"
                        + " (write \"\" for empty)",
                "df.yml:7:27: node 'a': deploy: unknown key 'mashine' (did you mean 'machine'?)",
                "df.yml:8:5: node 'a': 'path' and 'class' cannot be used together: use exactly one of 'path',"
                        + " 'class', 'bean', 'operators' or 'operator'",
                "df.yml:8:12: node 'a': 'class' must be a class name like 'com.example.Camera', not 'not a class'",
                "df.yml:9:5: node #2: missing 'id'",
                "df.yml:10:5: node #3: a node must be a mapping with 'id', not a string ('just a string')",
                "df.yml:13:5: node 'rt': 'outputs' cannot be used with operators: declare inputs and outputs on"
                        + " each operator");
    }
}
