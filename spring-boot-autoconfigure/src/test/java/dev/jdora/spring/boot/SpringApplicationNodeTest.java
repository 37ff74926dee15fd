package dev.jdora.spring.boot;

import static dev.jdora.spring.boot.DataflowInApplicationTest.pollUntil;
import static dev.jdora.spring.boot.DataflowInApplicationTest.processWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import dev.jdora.runtime.internal.LocalRun;
import dev.jdora.spring.boot.nodeapp.NodeApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot application as a node of a real dataflow (processes over shared memory): its function bean's outputs
 * reach the next node; its context closes after {@code Stop}; SIGTERM to its process closes the context too and ends
 * the node cleanly.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SpringApplicationNodeTest {

    @TempDir
    Path dir;

    @Test
    void outputsReachTheNextNodeAndStopOrSigtermCloseTheContextCleanly() throws Exception {
        Path stopped = dir.resolve("stopped.closed");
        Path terminated = dir.resolve("terminated.closed");
        Path flow = Files.writeString(dir.resolve("flow.yml"), """
                nodes:
                  - id: numbers
                    class: dev.jdora.spring.boot.NumbersNode
                    inputs: {tick: dora/timer/millis/10}
                    outputs: [n]
                  - id: app
                    class: %1$s
                    env: {JDORA_NODE_FUNCTIONS: doubler, TEST_MARKER: '%2$s'}
                    inputs: {n: {source: numbers/n, queue_policy: backpressure}}
                    outputs: [out]
                  - id: term
                    class: %1$s
                    args: [--test.role=terminated]
                    env: {JDORA_NODE_FUNCTIONS: doubler, TEST_MARKER: '%3$s'}
                    inputs: {n: {source: numbers/n, queue_policy: backpressure}}
                    outputs: [out]
                  - id: sink
                    bean: sink
                    inputs:
                      app: {source: app/out, queue_policy: backpressure}
                      term: {source: term/out, queue_policy: backpressure}
                """.formatted(NodeApp.class.getName(), stopped, terminated));
        ReceivedNumbers sink = new ReceivedNumbers();
        DataflowRun run = DataflowRunner.start(Dataflow.load(flow), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(10)).withLogDir(dir.resolve("out")).withConsole(false),
                (nodeId, bean) -> sink);
        try {
            assertThat(pollUntil(() -> sink.of("app").size() >= 10 && sink.of("term").size() >= 10))
                    .as("both applications started and send; logs:%n%s", logs()).isTrue();
            List<Long> evens = LongStream.range(0, 10).map(n -> 2 * n).boxed().toList();
            assertThat(sink.of("app")).startsWith(evens.toArray(Long[]::new));
            assertThat(sink.of("term")).startsWith(evens.toArray(Long[]::new));

            processWith("--test.role=terminated").orElseThrow().destroy(); // SIGTERM, as from the grace ladder
            assertThat(pollUntil(() -> ended(run, "term").isPresent())).as("SIGTERM ended the node").isTrue();
            assertThat(ended(run, "term").orElseThrow().error()).as("ended cleanly").isEmpty();
            assertThat(terminated).as("its context closed").content().isEqualTo("closed\n");
            assertThat(stopped).as("the other application runs on").doesNotExist();
            assertThat(Files.readString(logDir(run).resolve("term.log")))
                    .contains("jdora: node 'term' got SIGTERM; closing the application context");

            run.stop();
            RunResult result = run.await(Duration.ofSeconds(60)).orElseThrow();
            assertThat(result.failures()).isEmpty();
            assertThat(stopped).as("the context closed after Stop").content().isEqualTo("closed\n");
            assertThat(Files.readString(result.logDir().resolve("app.log")))
                    .contains("jdora: node 'app' has ended; closing the application context");
        } finally {
            run.kill();
            run.await(Duration.ofSeconds(30));
        }
        assertThat(pollUntil(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive)))
                .as("no node process left").isTrue();
        assertThat(LocalRun.runDirectoryBase().resolve(run.id())).as("run directory removed").doesNotExist();
    }

    @Test
    void aNodeApplicationThatCannotStartFailsWithItsReportAndNoStackTrace() throws Exception {
        Path flow = Files.writeString(dir.resolve("flow.yml"), """
                nodes:
                  - id: numbers
                    class: dev.jdora.spring.boot.NumbersNode
                    inputs: {tick: dora/timer/millis/50}
                    outputs: [n]
                  - id: app
                    class: %s
                    inputs: {n: numbers/n}
                    outputs: [out]
                """.formatted(NodeApp.class.getName())); // two function beans and no JDORA_NODE_FUNCTIONS
        DataflowRun run = DataflowRunner.start(Dataflow.load(flow), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(5)).withLogDir(dir.resolve("out")).withConsole(false));
        try {
            assertThat(pollUntil(() -> ended(run, "app").isPresent())).as("the application failed to start").isTrue();
            assertThat(ended(run, "app").orElseThrow().error()).hasValue("exited with code 1");
            String log = Files.readString(logDir(run).resolve("app.log"));
            assertThat(log).contains("APPLICATION FAILED TO START", "Action:",
                            "jdora: node 'app' failed: jdora: 2 beans could be this node's function: ")
                    .doesNotContain("\tat ");
        } finally {
            run.stop();
            run.await(Duration.ofSeconds(30));
        }
    }

    /** The node logs of the test so far, for failure messages. */
    private String logs() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.walk(dir.resolve("out"))) {
            for (Path log : files.filter(Files::isRegularFile).toList()) {
                text.append("--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return text.toString();
    }

    private Path logDir(DataflowRun run) {
        return dir.resolve("out").resolve(run.id());
    }

    static Optional<NodeResult> ended(DataflowRun run, String nodeId) {
        return run.endedNodes().stream().filter(r -> r.nodeId().equals(nodeId)).findFirst();
    }
}
