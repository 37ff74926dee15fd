package dev.jdora.core.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dora 1.0's YAML: what jdora supports (timers in every unit, top-level {@code env}, typed ports,
 * {@code send_stdout_as}) and that every other dora key is refused by name, with its reason, where it is written.
 */
class DoraCompatibilityTest {

    private static Dataflow load(String yaml) throws DataflowException {
        return DataflowLoader.parse(yaml, Path.of("df.yml"));
    }

    private static List<String> problems(String yaml) {
        DataflowException e = catchThrowableOfType(DataflowException.class, () -> load(yaml));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static Duration period(Dataflow flow, String input) {
        return ((InputSource.Timer) flow.nodes().get(0).input(input).orElseThrow().source()).period();
    }

    @Test
    void timersInEveryUnitOfDora() throws Exception {
        Dataflow flow = load("""
                nodes:
                  - id: t
                    path: t.py
                    inputs:
                      s: dora/timer/secs/2
                      ms: dora/timer/millis/20
                      us: dora/timer/micros/250
                      ns: dora/timer/nanos/1500
                      hz: dora/timer/hz/50
                      slow: dora/timer/hz/0.5
                """);

        assertThat(period(flow, "s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(period(flow, "ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(period(flow, "us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(period(flow, "ns")).isEqualTo(Duration.ofNanos(1500));
        assertThat(period(flow, "hz")).isEqualTo(Duration.ofMillis(20));
        assertThat(period(flow, "slow")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void timerPeriodsBelowOneNanosecondOrAboveALongAreRejected() {
        assertThat(problems("""
                nodes:
                  - id: t
                    path: t.py
                    inputs:
                      a: dora/timer/hz/3000000000
                      b: dora/timer/micros/9999999999999999999
                      c: dora/timer/nanos/0
                      d: dora/timer/micros/1.5
                """)).containsExactly(
                "df.yml:5:10: node 't': input 'a': bad timer 'dora/timer/hz/3000000000': the period is shorter than a"
                        + " nanosecond",
                "df.yml:6:10: node 't': input 'b': bad timer 'dora/timer/micros/9999999999999999999': the period is"
                        + " too long (at most about 292 years)",
                "df.yml:7:10: node 't': input 'c': bad timer 'dora/timer/nanos/0': '0' is not a positive integer",
                "df.yml:8:10: node 't': input 'd': bad timer 'dora/timer/micros/1.5': '1.5' is not a positive"
                        + " integer");
    }

    @Test
    void topLevelEnvReachesEveryNodeAndANodesOwnEnvWins() throws Exception {
        Dataflow flow = load("""
                env:
                  RUST_LOG: info
                  PORT: 8080
                nodes:
                  - id: a
                    path: a.py
                  - id: b
                    path: b.py
                    env:
                      RUST_LOG: debug
                      OWN: yes
                """);

        assertThat(flow.node("a").orElseThrow().env()).containsExactly(Map.entry("RUST_LOG", "info"),
                Map.entry("PORT", "8080"));
        assertThat(flow.node("b").orElseThrow().env()).containsExactly(Map.entry("RUST_LOG", "debug"),
                Map.entry("PORT", "8080"), Map.entry("OWN", "yes"));
    }

    @Test
    void topLevelEnvValuesAreCheckedLikeANodes() {
        assertThat(problems("env:\n  A: [1]\nnodes:\n  - id: a\n    path: a.py\n"))
                .containsExactly("df.yml:2:6: env 'A' must be a string, number or boolean, not a list");
    }

    private static final String TYPED = """
            nodes:
              - id: sensor
                path: s.py
                outputs: [reading, count, raw]
                output_types:
                  reading: std/core/v1/Float32
                  count: std/core/v1/UInt8
                  raw: std/media/v1/AudioFrame[sample_type=f32]
              - id: sink
                path: k.py
                inputs:
                  reading: sensor/reading
                  count: sensor/count
                  raw: sensor/raw
                  tick: dora/timer/millis/10
                  bytes: sensor/reading
                input_types:
            """;

    @Test
    void typedPortsThatFitAreAccepted() throws Exception {
        Dataflow flow = load(TYPED + """
                      reading: std/core/v1/Float64
                      count: std/core/v1/UInt64
                      raw: std/media/v1/AudioFrame
                      tick: std/core/v1/UInt64
                      bytes: std/core/v1/Bytes
                """);

        NodeSpec sensor = flow.node("sensor").orElseThrow();
        assertThat(sensor.outputTypes().get("reading").arrowType()).contains("Float32");
        assertThat(sensor.outputTypes().get("raw").params()).containsExactly(Map.entry("sample_type", "f32"));
        assertThat(flow.node("sink").orElseThrow().inputTypes()).containsOnlyKeys("reading", "count", "raw", "tick",
                "bytes");
    }

    @Test
    void typedPortsThatDoNotFitAreReportedWhereTheInputIsWritten() {
        assertThat(problems(TYPED + """
                      reading: std/core/v1/Int32
                      count: std/core/v1/Int64
                      raw: std/media/v1/AudioFrame[sample_type=i16]
                      tick: std/core/v1/String
                      bytes: std/core/v1/Bool
                """)).containsExactly(
                "df.yml:12:16: node 'sink': input 'reading': type mismatch: input_types says std/core/v1/Int32, but"
                        + " its source 'sensor/reading' has output_types std/core/v1/Float32",
                "df.yml:13:14: node 'sink': input 'count': type mismatch: input_types says std/core/v1/Int64, but its"
                        + " source 'sensor/count' has output_types std/core/v1/UInt8",
                "df.yml:14:12: node 'sink': input 'raw': type mismatch: input_types says"
                        + " std/media/v1/AudioFrame[sample_type=i16], but its source 'sensor/raw' has output_types"
                        + " std/media/v1/AudioFrame[sample_type=f32]",
                "df.yml:15:13: node 'sink': input 'tick': type mismatch: input_types says std/core/v1/String, but its"
                        + " source 'dora/timer/millis/10' is a timer (std/core/v1/UInt64)",
                "df.yml:16:14: node 'sink': input 'bytes': type mismatch: input_types says std/core/v1/Bool, but its"
                        + " source 'sensor/reading' has output_types std/core/v1/Float32");
    }

    @Test
    void typeRulesAddWidenings() throws Exception {
        String flow = """
                %s
                nodes:
                  - id: a
                    path: a.py
                    outputs: [o]
                    output_types: {o: acme/sensors/v1/Old}
                  - id: b
                    path: b.py
                    inputs: {i: a/o}
                    input_types: {i: acme/sensors/v1/New}
                """;
        assertThat(load(flow.formatted("type_rules:\n  - {from: acme/sensors/v1/Old, to: acme/sensors/v1/New}"))
                .nodes()).hasSize(2);
        assertThat(problems(flow.formatted(""))).containsExactly("df.yml:9:17: node 'b': input 'i': type mismatch:"
                + " input_types says acme/sensors/v1/New, but its source 'a/o' has output_types acme/sensors/v1/Old");
    }

    @Test
    void badTypeAnnotationsAreReported() {
        assertThat(problems("""
                strict_types: yes please
                type_rules:
                  - {from: std/core/v1/UInt8}
                nodes:
                  - id: a
                    path: a.py
                    outputs: [frames]
                    output_types:
                      framez: std/media/v1/Image
                      frames: std/vision/v1/BoundingBx
                    inputs: {x: b/y}
                    input_types:
                      y: std/core/v1/Int64
                      x: not a urn
                  - id: b
                    path: b.py
                    outputs: [y]
                    output_types:
                      y: std/core/v1/Int64[bits=]
                """)).containsExactly(
                "df.yml:1:15: 'strict_types' must be true or false, not a string ('yes please')",
                "df.yml:3:5: type_rules: missing 'to'",
                "df.yml:9:7: node 'a': output_types: 'framez' is not declared in 'outputs' (did you mean"
                        + " 'frames'?)",
                "df.yml:10:15: node 'a': output_types 'frames': unknown standard type 'std/vision/v1/BoundingBx'"
                        + " (did you mean 'std/vision/v1/BoundingBox'?)",
                "df.yml:13:7: node 'a': input_types: 'y' is not declared in 'inputs' (did you mean 'x'?)",
                "df.yml:14:10: node 'a': input_types 'x': 'not a urn' is not a type URN: expected e.g."
                        + " 'std/core/v1/Float64' or 'std/media/v1/AudioFrame[sample_type=f32]'",
                "df.yml:19:10: node 'b': output_types 'y': 'std/core/v1/Int64[bits=]' is not a type URN: expected"
                        + " e.g. 'std/core/v1/Float64' or 'std/media/v1/AudioFrame[sample_type=f32]'");
    }

    @Test
    void operatorsHaveTypedPortsAndReadersSeeThem() {
        assertThat(problems("""
                nodes:
                  - id: rt
                    operators:
                      - id: pre
                        class: a.Pre
                        outputs: [out]
                        output_types: {out: std/core/v1/String}
                  - id: sink
                    path: k.py
                    inputs: {a: rt/pre/out}
                    input_types: {a: std/core/v1/Int64}
                """)).containsExactly("df.yml:10:17: node 'sink': input 'a': type mismatch: input_types says"
                + " std/core/v1/Int64, but its source 'rt/pre/out' has output_types std/core/v1/String");
    }

    @Test
    void sendStdoutAsNamesADeclaredOutputThatCarriesStrings() throws Exception {
        Dataflow flow = load("""
                nodes:
                  - id: a
                    path: a.py
                    send_stdout_as: log
                    outputs: [log]
                    output_types: {log: std/core/v1/String}
                  - id: rt
                    operator:
                      class: a.Op
                      send_stdout_as: printed
                      outputs: [printed]
                """);
        assertThat(flow.node("a").orElseThrow().sendStdoutAs()).contains("log");
        assertThat(flow.node("rt").orElseThrow().operators().get(0).sendStdoutAs()).contains("printed");

        assertThat(problems("""
                nodes:
                  - id: a
                    path: a.py
                    send_stdout_as: logs
                    outputs: [log]
                  - id: b
                    path: b.py
                    send_stdout_as: log
                    outputs: [log]
                    output_types: {log: std/core/v1/Int64}
                  - id: rt
                    operators:
                      - {id: x, class: a.X, send_stdout_as: o, outputs: [o]}
                      - {id: y, class: a.Y, send_stdout_as: o, outputs: [o]}
                """)).containsExactly(
                "df.yml:4:21: node 'a': send_stdout_as: 'logs' is not declared in 'outputs': declare it there (readers"
                        + " read it as '<node>/logs') (did you mean 'log'?)",
                "df.yml:8:21: node 'b': send_stdout_as: output 'log' carries the printed lines as strings, but its"
                        + " output_types says std/core/v1/Int64: declare it std/core/v1/String",
                "df.yml:14:9: node 'rt': operator 'y': send_stdout_as: operator 'x' has it already: everything a"
                        + " runtime node prints goes to one output, so only one of its operators may have it");
    }

    static Stream<Arguments> refusedKeys() {
        return Stream.concat(
                DoraKeys.NODE.entrySet().stream().map(key -> Arguments.of(
                        "nodes:\n  - id: a\n    path: a.py\n    %s: x\n", "df.yml:4:5: node 'a': ", key)),
                DoraKeys.OPERATOR.entrySet().stream().map(key -> Arguments.of(
                        "nodes:\n  - id: a\n    operator:\n      class: a.Op\n      %s: x\n",
                        "df.yml:5:7: node 'a': operator 'op': ", key)));
    }

    /** Every key of a node or operator of dora that jdora does not support: named, with its reason, at the key. */
    @ParameterizedTest
    @MethodSource("refusedKeys")
    void refusedKeyIsNamedWithItsReasonWhereItIsWritten(String yaml, String at, Map.Entry<String, String> key) {
        assertThat(problems(yaml.formatted(key.getKey())))
                .containsExactly(at + "'" + key.getKey() + "' " + key.getValue());
    }

    @Test
    void someRefusalsInWords() {
        assertThat(problems("""
                health_check_interval: 2.0
                nodes:
                  - id: a
                    path: a.py
                    cpu_affinity: [1]
                    deploy: {machine: m, labels: {gpu: "true"}}
                  - id: bridge
                    ros2: {topic: /chatter, message_type: std_msgs/String, direction: subscribe}
                    outputs: [msg]
                  - id: rt
                    operator:
                      python: op.py
                  - id: logs
                    path: l.py
                    inputs: {all: dora/logs/info}
                """)).containsExactly(
                "df.yml:1:1: 'health_check_interval' is not supported by jdora: it checks the health of nodes every"
                        + " second or faster; set 'health_check_timeout' on the nodes that need it",
                "df.yml:5:5: node 'a': 'cpu_affinity' is not supported by jdora: it does not pin nodes to CPUs (for"
                        + " a 'path:' program, run it under 'taskset')",
                "df.yml:6:26: node 'a': deploy: 'labels' is not supported by jdora: place the node with 'machine'"
                        + " (the --machine-id of a jdora daemon)",
                "df.yml:8:5: node 'bridge': 'ros2' is not supported by jdora: the ROS 2 bridge is dora's own binary"
                        + " and needs a ROS 2 installation (JVM nodes only)",
                "df.yml:12:7: node 'rt': operator 'op': 'python' operators are not supported by jdora (JVM only):"
                        + " use 'class:' with a JVM class",
                "df.yml:15:19: node 'logs': input 'all': source 'dora/logs/info' is not supported by jdora: it does"
                        + " not collect the dataflow's logs as messages; give the nodes whose lines you want"
                        + " 'send_stdout_as' and read that output");
    }

    @Test
    void readersOfANodeJdoraCannotRunAreNotCheckedAgainstItsUnknownOutputs() {
        assertThat(problems("""
                nodes:
                  - id: keyboard
                    custom: {source: keyboard.py, outputs: [pressed]}
                  - id: sink
                    path: s.py
                    inputs: {key: keyboard/pressed}
                """)).containsExactly("df.yml:3:5: node 'keyboard': 'custom' is not supported by jdora: it is dora's"
                + " deprecated node form; write its 'source' as 'path:' (or 'class:'), its 'envs' as 'env:' and its"
                + " other keys on the node itself");
    }

    @Test
    void aSingleNodeFileAndAModuleFileAreNamedForWhatTheyAre() {
        assertThat(problems("id: filter\npath: filter.py\noutputs: [out]\n")).containsExactly(
                "df.yml:1:1: this file describes one node (for dora's 'dora node add --from-yaml'), not a dataflow:"
                        + " jdora does not add nodes to a running dataflow; a dataflow file lists its nodes under"
                        + " 'nodes:'");
        assertThat(problems("module: {name: m, inputs: [i]}\nnodes:\n  - id: a\n    path: a.py\n"
                + "    inputs: {x: _mod/i}\n")).containsExactly(
                "df.yml:1:1: 'module' is not supported by jdora: this is a dora module file (a sub-dataflow that"
                        + " 'dora build' expands into its parent), and jdora has no modules; list the module's nodes"
                        + " in the dataflow");
    }

    @Test
    void keysWithNoEffectInJdoraAreAccepted() throws Exception {
        Dataflow flow = load("""
                strict_types: true
                _unstable_debug: {enable_debug_inspection: true}
                nodes:
                  - id: a
                    path: a.py
                    shared_memory_pool_size: 128MB
                    outputs: [o]
                    output_framing: {o: arrow-ipc}
                """);
        assertThat(flow.nodes()).hasSize(1);
    }
}
