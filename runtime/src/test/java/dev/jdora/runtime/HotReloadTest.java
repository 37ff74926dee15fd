package dev.jdora.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.dataflow.Dataflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of an operator while a 1 kHz timer drives its source: the operator's class file is replaced by a new
 * version compiled at test time, {@code Reload(op)} swaps it between two events with its state handed over, and a
 * version that throws in its constructor leaves the running one in place.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HotReloadTest {

    static final int COUNT = 1500;
    static final List<long[]> SEEN = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    /** Sends 0, 1, 2, … one per tick, COUNT times, then ends. */
    public static final class TickSource implements NodeMain {
        @Override
        public void run(Node node) {
            long next = 0;
            for (Event event : node) {
                if (event instanceof Event.Input) {
                    node.sendLongs("out", next++);
                    if (next == COUNT) {
                        return;
                    }
                }
            }
        }
    }

    /** Records every [value, version, handled] it receives. */
    public static final class Sink implements NodeMain {
        @Override
        public void run(Node node) {
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    SEEN.add(Data.toLongs(in.data()));
                }
            }
        }
    }

    /** The operator's source: tags each value with its version and the number of values handled (its state). */
    private static String tagger(int version, String constructorBody) {
        return """
                package hot;
                import dev.jdora.core.*;
                public final class Tagger implements StatefulOperator {
                    private long handled;
                    public Tagger() { %s }
                    public OperatorStatus onEvent(Event event, Outputs outputs) {
                        if (event instanceof Event.Input in) {
                            handled++;
                            outputs.sendLongs("out", Data.toLongs(in.data())[0], %d, handled);
                        }
                        return OperatorStatus.CONTINUE;
                    }
                    public Object saveState() { return handled; }
                    public void restoreState(Object state) { handled = (Long) state; }
                }
                """.formatted(constructorBody, version);
    }

    /** Compiles a version of hot.Tagger elsewhere; returns its class file. */
    private Path compile(String source) throws Exception {
        Path work = Files.createTempDirectory(dir, "v");
        Path file = work.resolve("src/hot/Tagger.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int rc = compiler.run(null, null, null, "-d", work.resolve("out").toString(), "-cp",
                System.getProperty("java.class.path"), file.toString());
        assertThat(rc).as("javac").isZero();
        return work.resolve("out/hot/Tagger.class");
    }

    /** Moves a compiled class file over the one the dataflow uses, atomically. */
    private static void install(Path classes, Path classFile) throws Exception {
        Files.createDirectories(classes.resolve("hot"));
        Files.move(classFile, classes.resolve("hot/Tagger.class"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitSeen(int n) throws InterruptedException {
        assertThat(RunFixture.pollUntil(() -> SEEN.size() >= n, Duration.ofSeconds(20))).as("saw " + n).isTrue();
    }

    @Test
    void reloadSwapsTheOperatorWhileATimerRunsWithEveryTickHandledOnce() throws Exception {
        SEEN.clear();
        Path classes = dir.resolve("classes");
        install(classes, compile(tagger(1, "")));
        // compiled before the run: a reload must not wait for javac while the ticks run out
        Path v2 = compile(tagger(2, ""));
        Path v3 = compile(tagger(3, "if (true) throw new IllegalStateException(\"broken version\");"));
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, "classpath: classes\nnodes:\n"
                + "  - id: src\n    class: " + TickSource.class.getName() + "\n"
                + "    inputs: {tick: dora/timer/millis/1}\n    outputs: [out]\n"
                + "  - id: rt\n    operators:\n      - id: tag\n        class: hot.Tagger\n"
                + "        inputs: {x: {source: src/out, queue_policy: backpressure}}\n        outputs: [out]\n"
                + "  - id: sink\n    class: " + Sink.class.getName() + "\n"
                + "    inputs: {y: {source: rt/tag/out, queue_policy: backpressure}}\n");
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults()
                .withGrace(Duration.ofSeconds(5)).withLogDir(dir.resolve("out")).withConsole(false));

        awaitSeen(300);
        install(classes, v2);
        run.reload("rt", Optional.of("tag"));
        awaitSeen(800);
        install(classes, v3);
        run.reload("rt", Optional.of("tag"));
        RunResult result = RunFixture.finish(run);

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        List<long[]> seen = new ArrayList<>(SEEN);
        assertThat(seen).hasSize(COUNT);
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            long[] v = seen.get(i);
            assertThat(v[0]).as("tick %d handled once, in order", i).isEqualTo(i);
            assertThat(v[2]).as("state carried over at tick %d", i).isEqualTo(i + 1);
            if (versions.isEmpty() || versions.get(versions.size() - 1) != v[1]) {
                versions.add(v[1]);
            }
        }
        assertThat(versions).as("v1, then v2 after the reload; the broken v3 never ran").containsExactly(1L, 2L);
        String log = Files.readString(result.logDir().resolve("rt.log"));
        assertThat(log).contains("reloaded hot.Tagger").contains("reload failed").contains("broken version");
    }
}
