package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdora run --hot-reload} in the default mode (a process per node over shared memory): replacing an operator's
 * class file while the dataflow runs makes the watcher send {@code RELOAD} to the runtime node process, which swaps
 * the operator with no message lost and its state handed over.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HotReloadCommandTest {

    @TempDir
    Path dir;

    /**
     * Checks [value, version, handled] messages: in order, none lost, state carried; prints a line when a new version
     * starts arriving and one summary line at the end.
     */
    public static final class VersionChecker implements NodeMain {
        @Override
        public void run(Node node) {
            long next = 0;
            boolean ok = true;
            List<Long> versions = new ArrayList<>();
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    long[] v = Data.toLongs(in.data());
                    ok &= v[0] == next && v[2] == next + 1;
                    next++;
                    if (versions.isEmpty() || versions.get(versions.size() - 1) != v[1]) {
                        versions.add(v[1]);
                        System.out.println("now receiving version " + v[1]);
                    }
                }
            }
            System.out.println("received " + next + " in order and stateful " + ok + " versions " + versions);
        }
    }

    private static String tagger(int version) {
        return """
                package hot;
                import dev.jdora.core.*;
                public final class Tagger implements StatefulOperator {
                    private long handled;
                    public Tagger() { System.out.println("v%1$d started"); }
                    public OperatorStatus onEvent(Event event, Outputs outputs) {
                        if (event instanceof Event.Input in) {
                            handled++;
                            outputs.sendLongs("out", Data.toLongs(in.data())[0], %1$d, handled);
                        }
                        return OperatorStatus.CONTINUE;
                    }
                    public Object saveState() { return handled; }
                    public void restoreState(Object state) { handled = (Long) state; }
                }
                """.formatted(version);
    }

    /** Compiles a version of hot.Tagger elsewhere; returns its class file. */
    private Path compile(int version) throws Exception {
        Path work = Files.createTempDirectory(dir, "v");
        Path file = work.resolve("hot/Tagger.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, tagger(version));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", work.resolve("out").toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertThat(rc).as("javac").isZero();
        return work.resolve("out/hot/Tagger.class");
    }

    /** Moves a compiled class file over the one the dataflow uses, atomically. */
    private static void install(Path classes, Path classFile) throws Exception {
        Files.createDirectories(classes.resolve("hot"));
        Files.move(classFile, classes.resolve("hot/Tagger.class"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The run directory of this test's run (other runs may share the machine's run directories). */
    private Optional<Path> nodeLog(Path logDir, String node) throws Exception {
        if (!Files.isDirectory(logDir)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(logDir)) {
            return runs.map(r -> r.resolve(node + ".log")).filter(Files::isRegularFile).findFirst();
        }
    }

    private boolean logContains(Path logDir, String node, String text) throws Exception {
        Optional<Path> log = nodeLog(logDir, node);
        return log.isPresent() && Files.readString(log.get()).contains(text);
    }

    @Test
    void changingAnOperatorClassFileReloadsItInItsProcess() throws Exception {
        Path classes = dir.resolve("classes");
        install(classes, compile(1));
        Path v2 = compile(2); // before the run: the swap must not wait for javac while messages run out
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, "classpath: classes\nnodes:\n"
                + "  - id: p\n    class: " + ProcessNodes.Producer.class.getName() + "\n"
                + "    outputs: [out]\n    env: {COUNT: 6000, PAUSE_MICROS: 1000}\n"
                + "  - id: rt\n    operators:\n      - id: tag\n        class: hot.Tagger\n"
                + "        inputs: {x: {source: p/out, queue_policy: backpressure}}\n        outputs: [out]\n"
                + "  - id: check\n    class: " + VersionChecker.class.getName() + "\n"
                + "    inputs: {y: {source: rt/tag/out, queue_policy: backpressure}}\n");
        Path logDir = dir.resolve("out");
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.execute(
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "run", "--quiet", "--hot-reload", "--log-dir", logDir.toString(), file.toString()));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // version 1 must have reached the checker before version 2 replaces it
        while (!logContains(logDir, "check", "now receiving version 1") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(logContains(logDir, "check", "now receiving version 1")).as("version 1 reached the checker: " + err)
                .isTrue();
        install(classes, v2);

        assertThat(exit.get(100, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(err.toString()).contains("hot reload: watching 1 operator")
                .contains("reloading operator 'rt/tag'");
        String rt = Files.readString(nodeLog(logDir, "rt").orElseThrow());
        assertThat(rt).contains("v1 started", "v2 started", "reloaded hot.Tagger");
        assertThat(Files.readAllLines(nodeLog(logDir, "check").orElseThrow()))
                .contains("received 6000 in order and stateful true versions [1, 2]");
    }
}
