package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.runtime.internal.LocalRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdora build} and {@code jdora run --build} run the {@code build:} commands as dora does: in the dataflow's
 * directory, with the node's env, without a shell, output prefixed with the node id, the first failure stopping
 * everything with exit status 1. Every test starts processes: hard timeout, and none may be left running.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuildCommandTest {

    @TempDir
    Path dir;

    @AfterEach
    void noProcessLeft() throws Exception {
        assertThat(ProcessModeTest.poll(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                Duration.ofSeconds(10))).as("no build or node process left").isTrue();
        assertThat(runDirectoriesOfThisProcess()).as("run directories of this JVM").isEmpty();
    }

    @Test
    void buildRunsEachCommandInTheDataflowsDirectoryWithTheNodesEnvAndShowsItsOutput() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path f = write(project.resolve("flow.yml"), """
                nodes:
                  - id: camera
                    path: camera
                    env: {GREETING: hello}
                    build: |
                      touch built.txt
                      sh -c 'echo "$GREETING from the build"'
                  - id: rt
                    operators:
                      - id: op
                        class: a.Op
                        build: touch op-built.txt
                """);

        CliOutcome o = jdora("build", f.toString());

        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(project.resolve("built.txt")).exists();
        assertThat(project.resolve("op-built.txt")).exists();
        assertThat(o.outLines()).contains("camera | running build command 'touch built.txt' in " + project,
                "camera | hello from the build", "rt/op | running build command 'touch op-built.txt' in " + project,
                "build finished: 3 commands succeeded");
        o.assertNoStackTrace();
    }

    @Test
    void aCommandIsNotRunThroughAShell() throws Exception {
        Path f = write(dir.resolve("flow.yml"), """
                nodes:
                  - id: literal
                    path: literal
                    build: echo $HOME > redirected.txt
                """);

        CliOutcome o = jdora("build", f.toString());

        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.outLines()).contains("literal | $HOME > redirected.txt");
        assertThat(dir.resolve("redirected.txt")).doesNotExist();
    }

    @Test
    void aFailingCommandStopsTheBuildWithExitOneNamingTheNodeAndTheStatus() throws Exception {
        Path f = write(dir.resolve("flow.yml"), """
                nodes:
                  - id: broken
                    path: broken
                    build: sh -c "exit 3"
                  - id: later
                    path: later
                    build: touch later.txt
                """);

        CliOutcome o = jdora("build", f.toString());

        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.errLines()).containsExactly(
                f + ":4:12: node 'broken': build command 'sh -c \"exit 3\"' exited with status 3");
        assertThat(dir.resolve("later.txt")).as("the build stops at the first failure").doesNotExist();
        o.assertNoStackTrace();
    }

    @Test
    void aProgramThatDoesNotExistFailsTheBuild() throws Exception {
        Path f = write(dir.resolve("flow.yml"), """
                nodes:
                  - id: typo
                    path: typo
                    build: no-such-build-program-jdora --all
                """);

        CliOutcome o = jdora("build", f.toString());

        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.errLines()).singleElement().asString().startsWith(f + ":4:12: node 'typo': build command "
                + "'no-such-build-program-jdora --all' could not be started: ");
        o.assertNoStackTrace();
    }

    @Test
    void runWithBuildBuildsTheNodesProgramAndThenRunsIt() throws Exception {
        write(dir.resolve("make-hello.sh"), """
                printf '#!/bin/sh\\necho ran > ran.txt\\n' > hello.sh
                chmod +x hello.sh
                echo made hello.sh
                """);
        Path f = write(dir.resolve("flow.yml"), """
                nodes:
                  - id: hello
                    path: hello.sh
                    build: sh make-hello.sh
                """);

        CliOutcome o = jdora("run", "--build", "--quiet", "--log-dir", dir.resolve("out").toString(), f.toString());

        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.outLines()).contains("hello | made hello.sh");
        assertThat(dir.resolve("ran.txt")).as("written by the node the build made").exists();
        assertThat(o.err()).doesNotContain("not run");
    }

    @Test
    void runWithoutBuildSaysOnceThatTheBuildCommandsWereNotRun() throws Exception {
        Path f = write(dir.resolve("flow.yml"), """
                nodes:
                  - id: hello
                    path: hello.sh
                    build: sh make-hello.sh
                """);

        CliOutcome o = jdora("run", "--quiet", "--log-dir", dir.resolve("out").toString(), f.toString());

        assertThat(o.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(o.errLines().stream().filter(l -> l.contains("not run"))).containsExactly(
                "jdora: 1 build: command not run (run them with 'jdora build " + f + "', or use 'jdora run --build "
                        + f + "')");
        assertThat(o.problems()).containsExactly(f + ":2:5: node 'hello': path: no such file '"
                + dir.resolve("hello.sh") + "' (the node has 'build:' commands: run them first with 'jdora build' "
                + "or 'jdora run --build')");
        assertThat(dir.resolve("hello.sh")).doesNotExist();
    }

    @Test
    void aFailedBuildStartsNoNode() throws Exception {
        Path f = write(dir.resolve("flow.yml"), """
                nodes:
                  - id: hello
                    path: /bin/true
                    build: "false"
                """);

        CliOutcome o = jdora("run", "--build", "--quiet", "--log-dir", dir.resolve("out").toString(), f.toString());

        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.errLines()).containsExactly(f + ":4:12: node 'hello': build command 'false' exited with status 1",
                "jdora: the dataflow was not started");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }

    /** Run directories whose daemon is this JVM (other runs on the machine may use the same base). */
    private static List<Path> runDirectoriesOfThisProcess() throws IOException {
        Path base = LocalRun.runDirectoryBase();
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        String owner = ProcessHandle.current().pid() + " ";
        try (Stream<Path> runs = Files.list(base)) {
            return runs.filter(run -> {
                try {
                    Path daemon = run.resolve("daemon");
                    return Files.exists(daemon) && Files.readString(daemon).startsWith(owner);
                } catch (IOException e) {
                    return false; // removed meanwhile
                }
            }).toList();
        }
    }
}
