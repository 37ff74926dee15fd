package dev.jdora.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import dev.jdora.runtime.internal.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs inline dataflows of process nodes over shared memory and checks that no process or run directory is left. The
 * runs register in a runtime directory of the test ({@value RunDirectory#RUNTIME_DIR_PROPERTY}, set from construction
 * to {@link #assertNothingLeft()}, then restored), never among the developer's own runs.
 */
final class ProcessRuns {

    private final Path dir;
    private final Path runtimeDir;
    private final @Nullable String previousRuntimeDir;
    private final List<Path> runDirectories = new ArrayList<>();

    /** Runs in test directory {@code dir}; call {@link #assertNothingLeft()} after the test. */
    ProcessRuns(Path dir) throws IOException {
        this.dir = dir;
        this.runtimeDir = Files.createDirectory(dir.resolve("runtime"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        this.previousRuntimeDir = System.getProperty(RunDirectory.RUNTIME_DIR_PROPERTY);
        System.setProperty(RunDirectory.RUNTIME_DIR_PROPERTY, runtimeDir.toString());
    }

    DataflowRun start(String yaml) throws Exception {
        Path file = dir.resolve("metered.yml");
        Files.writeString(file, yaml);
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("shm")
                .withGrace(Duration.ofSeconds(10)).withLogDir(dir.resolve("out")).withConsole(false));
        runDirectories.add(runtimeDir.resolve("jdora").resolve(run.id()));
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

    /** No node process and no run directory of these runs is left; restores the runtime directory setting. */
    void assertNothingLeft() {
        try {
            await("no node process left").atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
            assertThat(runDirectories).allSatisfy(d -> assertThat(d).doesNotExist());
        } finally {
            if (previousRuntimeDir == null) {
                System.clearProperty(RunDirectory.RUNTIME_DIR_PROPERTY);
            } else {
                System.setProperty(RunDirectory.RUNTIME_DIR_PROPERTY, previousRuntimeDir);
            }
        }
    }
}
