package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.runtime.ExternalInput;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.stats.RunStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Real dataflows for the tests of {@code jdora top} and {@code jdora ui}: a counter on a 50 Hz timer and an
 * {@link ExternalInput}, both read by a printer, as node processes over shared memory, started in the background
 * ({@code jdora start}) or in the foreground ({@code jdora run} in another JVM). They register in a runtime directory
 * of the test; {@link #close()} stops them and checks that no process and no run directory is left.
 */
final class LiveRuns implements AutoCloseable {

    static final int HZ = 50;
    private static final String RUNTIME_DIR = "jdora.runtimeDir";

    private final Path dir;
    private final Path runtimeDir;
    private final List<Process> foreground = new ArrayList<>();

    LiveRuns(Path dir) throws IOException {
        this.dir = dir;
        this.runtimeDir = Files.createDirectory(dir.resolve("rt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        System.setProperty(RUNTIME_DIR, runtimeDir.toString());
    }

    Path dataflow() throws IOException {
        Path file = dir.resolve("live.yml");
        Files.writeString(file, "nodes:\n"
                + "  - id: counter\n    class: " + OpsNodes.Counter.class.getName() + "\n"
                + "    inputs: {tick: dora/timer/hz/" + HZ + "}\n    outputs: [count]\n"
                + "  - id: remote\n    class: " + ExternalInput.class.getName() + "\n    outputs: [command]\n"
                + "  - id: printer\n    class: " + OpsNodes.Printer.class.getName() + "\n"
                + "    inputs: {count: counter/count, command: remote/command}\n");
        return file;
    }

    /** {@code jdora start --name name}; returns once all three nodes run. */
    void start(String name) throws Exception {
        CliOutcome started = jdora("start", "--name", name, "--log-dir", dir.resolve("out").toString(),
                "--grace-duration", "3s", dataflow().toString());
        assertThat(started.exit()).as(started.err()).isZero();
        awaitRunning(name);
    }

    /** {@code jdora run --name name} in another JVM, as in another terminal; returns once all three nodes run. */
    void runInForeground(String name) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(CtrlCTest.jvmOptions().split("\\s+")));
        command.addAll(List.of("-D" + RUNTIME_DIR + "=" + runtimeDir, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--name", name, "--log-dir", dir.resolve("out").toString(),
                dataflow().toString()));
        foreground.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".console.txt").toFile()).start());
        awaitRunning(name);
    }

    private static void awaitRunning(String name) throws InterruptedException {
        await(() -> jdora("list").out().matches("(?s).*\\n" + name + "\\s+\\S+\\s+running\\s+3/3\\s.*"),
                name + " running");
    }

    /** The statistics of run {@code name}, read as any other process of this user would. */
    static RunStatistics statistics(String name) throws IOException {
        return RunStatistics.open(DataflowOperations.local().resolve(name).directory());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            jdora("down", "--grace-duration", "1s");
            for (Process p : foreground) {
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the foreground run ends on jdora down").isTrue();
            }
            await(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive), "no process left");
            try (Stream<Path> runs = Files.list(runtimeDir.resolve("jdora"))) {
                assertThat(runs).as("run directories left").isEmpty();
            }
        } finally {
            System.clearProperty(RUNTIME_DIR);
            foreground.forEach(Process::destroyForcibly);
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
