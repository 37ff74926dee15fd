package dev.jdora.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bean:} nodes: refused without an application's beans, run as threads with them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BeanNodesTest {

    private static final String YAML = """
            nodes:
              - id: source
                bean: numbers
                inputs: {tick: dora/timer/millis/1}
                outputs: [n]
              - id: sink
                bean: collector
                inputs:
                  n: {source: source/n, queue_policy: backpressure}
            """;

    @TempDir
    Path dir;

    @Test
    void outsideAnApplicationABeanNodeIsAProblemWithItsLocation() throws Exception {
        Dataflow dataflow = load(YAML);

        assertThat(DataflowRunner.check(dataflow, options()))
                .extracting(this::relative)
                .containsExactly(
                        "dataflow.yml:2:5: node 'source': bean: nodes run only inside a Spring application"
                                + " (jdora-spring-boot-starter with jdora.dataflow set); use 'class' or 'path' here",
                        "dataflow.yml:6:5: node 'sink': bean: nodes run only inside a Spring application"
                                + " (jdora-spring-boot-starter with jdora.dataflow set); use 'class' or 'path' here");
        assertThatThrownBy(() -> DataflowRunner.start(dataflow, options())).isInstanceOf(DataflowException.class);
    }

    @Test
    void anUnknownBeanIsReportedWithTheApplicationsReason() throws Exception {
        List<?> problems = DataflowRunner.check(load(YAML), options(), (node, bean) -> {
            throw new IllegalArgumentException("no bean named '" + bean + "'");
        });

        assertThat(problems).extracting(this::relative)
                .contains("dataflow.yml:2:5: node 'source': bean: no bean named 'numbers'");
    }

    @Test
    void beanNodesRunAsThreadsWithTheirProgram() throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        NodeMain numbers = node -> {
            long n = 0;
            for (Event event : node) {
                if (event instanceof Event.Input && n < 5) {
                    node.sendLongs("n", n++);
                } else if (event instanceof Event.Input) {
                    node.stopAll();
                }
            }
        };
        NodeMain collector = node -> {
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    received.add(Data.toLongs(in.data())[0]);
                }
            }
        };

        DataflowRun run = DataflowRunner.start(load(YAML), options(),
                (node, bean) -> bean.equals("numbers") ? numbers : collector);
        RunResult result = RunFixture.finish(run);

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(received).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(run.endedNodes()).extracting(NodeResult::nodeId).containsExactlyInAnyOrder("source", "sink");
    }

    private Dataflow load(String yaml) throws Exception {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, yaml);
        return Dataflow.load(file);
    }

    private String relative(Object problem) {
        return problem.toString().replace(dir + "/", "");
    }

    private RunOptions options() {
        return RunOptions.defaults().withGrace(Duration.ofSeconds(5)).withLogDir(dir.resolve("out")).withConsole(false);
    }
}
