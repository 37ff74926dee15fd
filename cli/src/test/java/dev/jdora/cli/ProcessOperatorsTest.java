package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A runtime node as a process over the shared-memory transport: operators, in-memory handoff, STOP_ALL. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessOperatorsTest {

    @TempDir
    Path dir;

    private RunResult run(String yaml) throws Exception {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, yaml);
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(10)).withLogDir(dir.resolve("out")).withConsole(false));
        return run.await(Duration.ofSeconds(100)).orElseGet(() -> {
            run.kill();
            throw new AssertionError("the run did not end in time");
        });
    }

    private static List<String> log(RunResult result, String node) throws Exception {
        return Files.readAllLines(result.logDir().resolve(node + ".log"));
    }

    @Test
    void operatorsOfOneProcessFeedEachOtherAndOtherProcesses() throws Exception {
        RunResult result = run("nodes:\n"
                + "  - id: p\n    class: " + ProcessNodes.Producer.class.getName() + "\n"
                + "    outputs: [out]\n    env: {COUNT: 5000}\n"
                + "  - id: rt\n    operators:\n"
                + "      - id: first\n        class: " + ProcessOperators.Forward.class.getName() + "\n"
                + "        inputs: {x: {source: p/out, queue_policy: backpressure}}\n        outputs: [out]\n"
                + "      - id: second\n        class: " + ProcessOperators.Forward.class.getName() + "\n"
                + "        inputs: {y: {source: rt/first/out, queue_policy: backpressure, queue_size: 2}}\n"
                + "        outputs: [out]\n"
                + "  - id: check\n    class: " + ProcessNodes.SequenceChecker.class.getName() + "\n"
                + "    inputs:\n      v: {source: rt/second/out, queue_policy: backpressure}\n");

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(log(result, "rt").stream().filter(l -> l.contains("received 5000 in order true then Stop "
                + "ALL_INPUTS_CLOSED"))).hasSize(2);
        assertThat(log(result, "check")).contains("input v received 5000 gaps 0 duplicates 0");
    }

    @Test
    void stopAllFromAnOperatorProcessStopsEveryNode() throws Exception {
        RunResult result = run("nodes:\n"
                + "  - id: rt\n    operator:\n"
                + "      class: " + ProcessOperators.StopAll.class.getName() + "\n"
                + "      inputs: {tick: dora/timer/millis/20}\n"
                + "  - id: plain\n    class: " + ProcessNodes.Ticker.class.getName() + "\n"
                + "    inputs:\n      tick: dora/timer/millis/20\n");

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(log(result, "rt")).contains("stopper got Stop MANUAL");
        assertThat(log(result, "plain")).contains("started"); // and it ended: only Stop ends a Ticker
    }
}
