package dev.jdora.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.internal.LocalRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Runs a dataflow written inline, with a deadline, and checks that nothing leaked. */
final class RunFixture {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    private RunFixture() {
    }

    static DataflowRun start(Path dir, String yaml, Duration grace) throws Exception {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, yaml);
        return DataflowRunner.start(Dataflow.load(file),
                RunOptions.defaults().withGrace(grace).withLogDir(dir.resolve("out")).withConsole(false));
    }

    static RunResult run(Path dir, String yaml) throws Exception {
        return finish(start(dir, yaml, Duration.ofSeconds(5)));
    }

    /** Waits for the end (failing the test after the deadline) and checks for leaks. */
    static RunResult finish(DataflowRun run) throws InterruptedException {
        RunResult result = run.await(DEADLINE).orElseThrow(() -> {
            run.kill();
            return new AssertionError("the run did not end within " + DEADLINE);
        });
        assertThat(((LocalRun) run).allocatedBytes()).as("Arrow bytes still allocated").isZero();
        assertNoThreadLeft("jdora-node-");
        assertNoThreadLeft("jdora-timer-");
        return result;
    }

    static void assertNoThreadLeft(String prefix) throws InterruptedException {
        boolean gone = pollUntil(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive()), Duration.ofSeconds(5));
        assertThat(gone).as("threads named " + prefix + "* are gone").isTrue();
    }

    /** Polls {@code condition} until true or the timeout; returns its last value. */
    static boolean pollUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** A node of an inline dataflow: {@code id} running {@code type}, plus extra YAML lines (indented for it). */
    static String node(String id, Class<?> type, String... extra) {
        StringBuilder sb = new StringBuilder("  - id: " + id + "\n    class: " + type.getName() + "\n");
        for (String line : extra) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }
}
