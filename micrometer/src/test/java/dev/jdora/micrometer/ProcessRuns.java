package dev.jdora.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import dev.jdora.runtime.internal.LocalRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs inline dataflows of process nodes over shared memory and checks that no process or run directory is left. */
final class ProcessRuns {

    private final Path dir;
    private final List<Path> runDirectories = new ArrayList<>();

    ProcessRuns(Path dir) {
        this.dir = dir;
    }

    DataflowRun start(String yaml) throws Exception {
        Path file = dir.resolve("metered.yml");
        Files.writeString(file, yaml);
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(10)).withLogDir(dir.resolve("out")).withConsole(false));
        runDirectories.add(LocalRun.runDirectoryBase().resolve(run.id()));
        return run;
    }

    static RunResult finish(DataflowRun run) throws InterruptedException {
        RunResult result = run.await(Duration.ofSeconds(100)).orElseGet(() -> {
            run.kill();
            throw new AssertionError("the run did not end in time");
        });
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        return result;
    }

    static NodeResult result(RunResult result, String nodeId) {
        return result.nodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }

    static String node(String id, Class<?> type, String... lines) {
        StringBuilder sb = new StringBuilder("  - id: " + id + "\n    class: " + type.getName() + "\n");
        for (String line : lines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    /** No node process and no run directory of these runs is left. */
    void assertNothingLeft() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive)
                && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).as("node processes left")
                .isEmpty();
        assertThat(runDirectories).allSatisfy(d -> assertThat(d).doesNotExist());
    }
}
