package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.DataflowRunner;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunOptions;
import dev.jdora.runtime.RunResult;
import dev.jdora.runtime.internal.LocalRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes as processes over the shared-memory transport (DESIGN §2 rules 4, 7, 8 across processes). Every test has a
 * hard timeout, and afterwards no run directory and no node process may remain.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessModeTest {

    @TempDir
    Path dir;

    private final List<ProcessHandle> spawned = new ArrayList<>();
    private final List<Path> runDirectories = new ArrayList<>();

    @AfterEach
    void nothingLeft() throws Exception {
        for (ProcessHandle p : spawned) {
            p.destroyForcibly();
        }
        assertThat(poll(() -> ProcessHandle.current().descendants().noneMatch(ProcessModeTest::running),
                Duration.ofSeconds(10))).as("no node process left").isTrue();
        assertThat(runDirectories).as("run directories of this test").allSatisfy(d -> assertThat(d).doesNotExist());
    }

    /** Where run directories go (other runs on this machine may use it at the same time). */
    static Path runBase() {
        return LocalRun.runDirectoryBase();
    }

    /** The run directory whose daemon is process {@code pid}. */
    private static Optional<Path> runDirectoryOf(long pid) throws IOException {
        if (!Files.isDirectory(runBase())) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(runBase())) {
            for (Path run : runs.toList()) {
                Path owner = run.resolve("daemon");
                if (Files.exists(owner) && Files.readString(owner).startsWith(pid + " ")) {
                    return Optional.of(run);
                }
            }
        }
        return Optional.empty();
    }

    private DataflowRun start(String yaml, Duration grace) throws Exception {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, yaml);
        DataflowRun run = DataflowRunner.start(Dataflow.load(file), RunOptions.defaults().withTransport("shm")
                .withGrace(grace).withLogDir(dir.resolve("out")).withConsole(false));
        runDirectories.add(runBase().resolve(run.id()));
        return run;
    }

    private static RunResult finish(DataflowRun run) throws InterruptedException {
        return run.await(Duration.ofSeconds(100)).orElseGet(() -> {
            run.kill();
            throw new AssertionError("the run did not end in time");
        });
    }

    private List<String> log(RunResult result, String node) throws IOException {
        return Files.readAllLines(result.logDir().resolve(node + ".log"));
    }

    private Optional<String> logLine(String node, String prefix) throws IOException {
        Path out = dir.resolve("out");
        if (!Files.isDirectory(out)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals(node + ".log")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith(prefix)) {
                        return Optional.of(line);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String node(String id, Class<?> type, String... lines) {
        StringBuilder sb = new StringBuilder("  - id: " + id + "\n    class: " + type.getName() + "\n");
        for (String line : lines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    @Test
    void eachInputKeepsItsOrderAcrossThreeProducerProcesses() throws Exception {
        RunResult result = finish(start("nodes:\n"
                + node("p1", ProcessNodes.Producer.class, "outputs: [out]", "env: {COUNT: 20000}")
                + node("p2", ProcessNodes.Producer.class, "outputs: [out]", "env: {COUNT: 20000}")
                + node("p3", ProcessNodes.Producer.class, "outputs: [out]", "env: {COUNT: 20000}")
                + node("check", ProcessNodes.SequenceChecker.class, "inputs:",
                        "  a: {source: p1/out, queue_policy: backpressure}",
                        "  b: {source: p2/out, queue_policy: backpressure}",
                        "  c: {source: p3/out, queue_policy: backpressure}"), Duration.ofSeconds(10)));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(log(result, "check")).contains(
                "input a received 20000 gaps 0 duplicates 0",
                "input b received 20000 gaps 0 duplicates 0",
                "input c received 20000 gaps 0 duplicates 0");
        List<String> events = log(result, "check").stream().filter(l -> l.startsWith("event ")).toList();
        assertThat(events.get(events.size() - 1)).endsWith("Stop ALL_INPUTS_CLOSED");
    }

    /**
     * Two timers whose ticks run on one pool of timer threads, so each timer's writer is used by several threads in
     * turn: for 5 s every tick reaches a reader that keeps up. A timer stamps each tick as it sends it and catches up
     * after a delay (fixed rate), so the ticks between the first and the last counted are {@code span / period + 1};
     * the tolerance covers only how late the last tick of the window may be sent, far below the losses this finds
     * (the writers confined to their first thread lost about half the ticks).
     */
    @Test
    void twoTimersDeliverEveryTickInProcessMode() throws Exception {
        DataflowRun run = start("nodes:\n"
                + node("count", ProcessNodes.TickCounter.class, "env: {SECONDS: 5}", "inputs:",
                        "  fast: {source: dora/timer/millis/10, queue_size: 100, queue_policy: backpressure}",
                        "  slow: {source: dora/timer/millis/100, queue_size: 100, queue_policy: backpressure}"),
                Duration.ofSeconds(10));
        assertThat(poll(() -> logLine("count", "counted").isPresent(), Duration.ofSeconds(60)))
                .as("the node counted 5 s of ticks of both timers").isTrue();
        run.stop();
        RunResult result = finish(run);

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertEveryTick(log(result, "count"), "fast", Duration.ofMillis(10));
        assertEveryTick(log(result, "count"), "slow", Duration.ofMillis(100));
    }

    private static void assertEveryTick(List<String> log, String input, Duration period) {
        String line = log.stream().filter(l -> l.startsWith("ticks " + input + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no tick count for " + input + " in " + log));
        String[] f = line.split(" "); // ticks <input> received <n> span <nanos> dropped <d>
        long received = Long.parseLong(f[3]);
        long span = Long.parseLong(f[5]);
        long sent = Math.round((double) span / period.toNanos()) + 1;
        long tolerance = Math.max(3, sent / 20);
        assertThat(Long.parseLong(f[7])).as("%s: dropped", input).isZero();
        assertThat(received).as("%s: ticks received of the %d the timer sent in %d ms (%s)", input, sent,
                span / 1_000_000, line).isBetween(sent - tolerance, sent + tolerance);
    }

    /** {@code Outputs} is thread-safe across processes too: four threads of one node send on one output at once. */
    @Test
    void fourThreadsSendingOnOneOutputLoseNothing() throws Exception {
        RunResult result = finish(start("nodes:\n"
                + node("p", ProcessNodes.ThreadedProducer.class, "outputs: [seq]", "env: {THREADS: 4, COUNT: 20000}")
                + node("check", ProcessNodes.ThreadedSequenceChecker.class, "inputs:",
                        "  in: {source: p/seq, queue_policy: backpressure}"), Duration.ofSeconds(10)));

        assertThat(result.succeeded()).as(result.toString() + " " + log(result, "p")).isTrue();
        assertThat(log(result, "p")).contains("sent 80000");
        assertThat(log(result, "check")).containsExactly(
                "thread 0 received 20000 gaps 0 duplicates 0",
                "thread 1 received 20000 gaps 0 duplicates 0",
                "thread 2 received 20000 gaps 0 duplicates 0",
                "thread 3 received 20000 gaps 0 duplicates 0");
    }

    @Test
    void aFortyMebibytePayloadArrivesIntact() throws Exception {
        RunResult result = finish(start("nodes:\n"
                + node("big", ProcessNodes.BigSender.class, "outputs: [out]", "env: {SIZE_MIB: 40}",
                        "jvm_options: [-Xmx512m]")
                + node("recv", ProcessNodes.BigReceiver.class, "inputs:", "  in: big/out",
                        "jvm_options: [-Xmx512m]"), Duration.ofSeconds(10)));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        String sent = log(result, "big").stream().filter(l -> l.startsWith("sent crc ")).findFirst().orElseThrow();
        assertThat(log(result, "recv")).containsExactly("received " + (40 << 20) + " crc " + sent.substring(9));
    }

    /**
     * A 40 MiB buffer lent by {@code node.allocate} is filled in the output's payload ring (the sender's bytes are
     * mapped from {@code ring-0}) and read in place from the same file by the receiver's process, intact.
     */
    @Test
    void aFortyMebibyteLentBufferIsSentWithoutACopyAndReadInPlace() throws Exception {
        RunResult result = finish(start("nodes:\n"
                + node("big", ZeroCopyNodes.LentSender.class, "outputs: [out]", "env: {SIZE_MIB: 40}")
                + node("recv", ZeroCopyNodes.InPlaceReceiver.class, "inputs:", "  in: big/out"),
                Duration.ofSeconds(10)));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        List<String> sender = log(result, "big");
        String ring = sender.stream().filter(l -> l.startsWith("lent in ")).findFirst().orElseThrow().substring(8);
        assertThat(ring).as("where the sender's buffer lies").endsWith("/big/out/ring-0");
        String crc = sender.stream().filter(l -> l.startsWith("sent crc ")).findFirst().orElseThrow().substring(9);
        assertThat(log(result, "recv")).containsExactly("received " + (40 << 20) + " crc " + crc + " in " + ring);
    }

    @Test
    void backpressureDeliversAMillionMessagesWithoutGapsOrDuplicates() throws Exception {
        RunResult result = finish(start("nodes:\n"
                + node("p", ProcessNodes.Producer.class, "outputs: [out]", "env: {COUNT: 1000000}")
                + node("slow", ProcessNodes.SequenceChecker.class, "inputs:",
                        "  in: {source: p/out, queue_size: 64, queue_policy: backpressure}",
                        "env: {DELAY_MICROS: 2000, PAUSE_EVERY: 1000}"), Duration.ofSeconds(10)));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(log(result, "slow")).contains("input in received 1000000 gaps 0 duplicates 0");
        assertThat(result.nodes().get(1).dropped()).isEmpty();
    }

    @Test
    void aPathNodeMayBeAScriptThatStartsAJvmNodeOrAnExecutableJar() throws Exception {
        Path script = dir.resolve("node.sh");
        Files.writeString(script, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' $JDORA_JVM_OPTIONS -cp '" + System.getProperty("java.class.path") + "' "
                + "'" + ProcessNodes.PathMain.class.getName() + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path jar = dir.resolve("node.jar");
        writeExecutableJar(jar, ProcessNodes.PathMain.class.getName());

        RunResult result = finish(start("nodes:\n"
                + "  - id: script\n    path: node.sh\n    args: \"300\"\n    outputs: [out]\n"
                + "  - id: jar\n    path: node.jar\n    args: \"200\"\n    outputs: [out]\n"
                + node("check", ProcessNodes.SequenceChecker.class, "inputs:",
                        "  s: {source: script/out, queue_policy: backpressure}",
                        "  j: {source: jar/out, queue_policy: backpressure}"), Duration.ofSeconds(10)));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(log(result, "script")).contains("path node sent 300 as script");
        assertThat(log(result, "jar")).contains("path node sent 200 as jar");
        assertThat(log(result, "check")).contains("input j received 200 gaps 0 duplicates 0",
                "input s received 300 gaps 0 duplicates 0");
    }

    /** A jar whose manifest names the main class and the class path of this test JVM (so it finds jdora). */
    private static void writeExecutableJar(Path jar, String mainClass) throws IOException {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, mainClass);
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            classPath.append(p.toUri()).append(' ');
            if (entry.endsWith(".jar")) {
                try (java.util.jar.JarFile booter = new java.util.jar.JarFile(p.toFile())) {
                    java.util.jar.Manifest m = booter.getManifest();
                    String inner = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (inner != null) {
                        classPath.append(inner).append(' ');
                    }
                }
            }
        }
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, classPath.toString().trim());
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar),
                manifest)) {
            out.flush();
        }
    }

    @Test
    void aNodeKilledMidStreamGivesNodeFailedThenInputClosedDownstream() throws Exception {
        DataflowRun run = start("nodes:\n"
                + node("victim", ProcessNodes.Producer.class, "outputs: [out]",
                        "env: {COUNT: 100000000, PAUSE_MICROS: 100}")
                + node("watch", ProcessNodes.SequenceChecker.class, "inputs:", "  in: victim/out"),
                Duration.ofSeconds(10));
        assertThat(poll(() -> logLine("victim", "pid ").isPresent(), Duration.ofSeconds(60))).isTrue();
        long pid = Long.parseLong(logLine("victim", "pid ").orElseThrow().substring(4));
        long killedAt = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        RunResult result = finish(run);

        NodeResult victim = result.nodes().get(0);
        assertThat(victim.failed()).isTrue();
        assertThat(victim.error()).hasValueSatisfying(e -> assertThat(e).contains("SIGKILL"));
        List<String> events = log(result, "watch").stream().filter(l -> l.startsWith("event ")).toList();
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).contains("NodeFailed victim [in]");
        assertThat(events.get(1)).endsWith("InputClosed in");
        assertThat(events.get(2)).endsWith("Stop ALL_INPUTS_CLOSED");
        long closedAt = Long.parseLong(events.get(1).split(" ")[1]);
        System.out.printf("SIGKILL -> InputClosed downstream: %.1f ms%n", (closedAt - killedAt) / 1e6);
        assertThat(result.exitCode()).isEqualTo(1);
    }

    /**
     * A node process waiting for input parks (issue: no node burns CPU while it waits): once it has read its first
     * message and nothing more comes, a one-second window arrives in which the whole process uses less than
     * {@value #QUIET_CPU_MILLIS} ms of CPU. A polling node (spinning, yielding, or parking in short steps) never has
     * such a window; the JIT settling after start-up may take a few.
     */
    @Test
    void aNodeWaitingForInputUsesNoCpu() throws Exception {
        DataflowRun run = start("nodes:\n"
                + node("source", ProcessNodes.SendOneThenWait.class, "outputs: [out]")
                + node("sink", ProcessNodes.Ticker.class, "inputs:", "  in: source/out"),
                Duration.ofSeconds(10));
        assertThat(poll(() -> logLine("sink", "started").isPresent(), Duration.ofSeconds(60))).isTrue();
        ProcessHandle sink = ProcessHandle.of(Long.parseLong(logLine("sink", "pid ").orElseThrow().substring(4)))
                .orElseThrow();
        long[] lastWindow = {Long.MAX_VALUE};
        boolean quiet = poll(() -> {
            lastWindow[0] = cpuMillisOverOneSecond(sink);
            return lastWindow[0] < QUIET_CPU_MILLIS;
        }, Duration.ofSeconds(30));
        assertThat(quiet).as("a quiet second of the waiting sink (last: %d ms of CPU)", lastWindow[0]).isTrue();
        run.stop();
        assertThat(finish(run).exitCode()).isZero();
    }

    private static final long QUIET_CPU_MILLIS = 50;

    /** CPU time {@code process} uses over the next second of wall time (the window measured, not a wait). */
    private static long cpuMillisOverOneSecond(ProcessHandle process) {
        Duration before = process.info().totalCpuDuration().orElseThrow();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
        return process.info().totalCpuDuration().orElseThrow().minus(before).toMillis();
    }

    @Test
    void aNodeThatIgnoresStopIsTerminatedThenKilledOnSchedule() throws Exception {
        DataflowRun run = start("nodes:\n"
                + node("deaf", ProcessNodes.IgnoresStop.class, "inputs:", "  tick: dora/timer/millis/10"),
                Duration.ofSeconds(2));
        assertThat(poll(() -> logLine("deaf", "started").isPresent(), Duration.ofSeconds(60))).isTrue();
        run.stop();
        RunResult result = finish(run);

        NodeResult deaf = result.nodes().get(0);
        assertThat(deaf.failed()).isTrue();
        assertThat(deaf.error()).hasValueSatisfying(e -> assertThat(e).contains("grace period").contains("SIGTERM"));
    }

    /** Rule 7, SIGTERM step: the node keeps its pipes while it shuts down, and has grace/2 to do so. */
    @Test
    void aNodeShuttingDownAfterSigtermKeepsItsLogAndItsExitCode() throws Exception {
        DataflowRun run = start("nodes:\n"
                + node("slow", ProcessNodes.SlowShutdown.class, "inputs:", "  tick: dora/timer/millis/10"),
                Duration.ofSeconds(4));
        assertThat(poll(() -> logLine("slow", "started").isPresent(), Duration.ofSeconds(60))).isTrue();
        run.stop();
        RunResult result = finish(run);

        NodeResult slow = result.nodes().get(0);
        assertThat(log(result, "slow")).contains("shutting down", "shut down cleanly");
        assertThat(slow.error()).hasValueSatisfying(e -> assertThat(e).contains("sent SIGTERM (exit code 0)"));
    }

    /** A second Ctrl-C kills a node whose program had returned (its JVM still exiting) without reporting it failed. */
    @Test
    void killingANodeThatHadFinishedDoesNotMakeItAFailure() throws Exception {
        DataflowRun run = start("nodes:\n"
                + node("done", ProcessNodes.SlowExit.class, "inputs:", "  tick: dora/timer/millis/10")
                + node("deaf", ProcessNodes.IgnoresStop.class, "inputs:", "  tick: dora/timer/millis/10"),
                Duration.ofSeconds(60));
        assertThat(poll(() -> logLine("done", "started").isPresent() && logLine("deaf", "started").isPresent(),
                Duration.ofSeconds(60))).isTrue();
        run.stop();
        LocalRun local = (LocalRun) run;
        assertThat(poll(() -> local.hasFinished("done") && logLine("deaf", "ignoring stop").isPresent(),
                Duration.ofSeconds(30))).as("'done' returned, 'deaf' ignores the Stop").isTrue();
        run.kill();
        RunResult result = finish(run);

        assertThat(result.nodes().get(0).failed()).as(result.toString()).isFalse();
        assertThat(result.nodes().get(1).failed()).isTrue();
        assertThat(result.nodes().get(1).error()).hasValueSatisfying(e -> assertThat(e).contains("sent SIGKILL"));
    }

    /** Rule 7 for a node that is not a JVM (it has no parent watch of its own): it goes when jdora run is killed. */
    @Test
    void killingJdoraRunLeavesNoScriptNodeBehind() throws Exception {
        Path script = dir.resolve("forever.sh");
        Path pidFile = dir.resolve("script.pid");
        Files.writeString(script, "#!/bin/sh\necho $$ > '" + pidFile + "'\nwhile :; do sleep 1; done\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, "nodes:\n  - id: script\n    path: forever.sh\n");
        Process jdora = startJdoraRun(file);
        assertThat(poll(() -> Files.isRegularFile(pidFile) && !Files.readString(pidFile).isBlank(),
                Duration.ofSeconds(60))).as(Files.readString(dir.resolve("console.txt"))).isTrue();
        ProcessHandle node = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
        List<ProcessHandle> tree = jdora.descendants().toList();
        runDirectories.add(runDirectoryOf(jdora.pid()).orElseThrow());

        jdora.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(poll(() -> !running(node) && tree.stream().noneMatch(ProcessModeTest::running),
                Duration.ofSeconds(10))).as("the script and everything it started exit after jdora run was killed")
                .isTrue();

        // the next run removes the directory the killed run could not
        finish(start("nodes:\n" + node("p", ProcessNodes.Producer.class, "outputs: [out]", "env: {COUNT: 1}"),
                Duration.ofSeconds(5)));
    }

    private Process startJdoraRun(Path file) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(CtrlCTest.jvmOptions().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "--log-dir", dir.resolve("out").toString(), file.toString()));
        Process jdora = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile()).start();
        spawned.add(jdora.toHandle());
        return jdora;
    }

    @Test
    void killingJdoraRunLeavesNoNodeProcess() throws Exception {
        Path file = dir.resolve("dataflow.yml");
        Files.writeString(file, "nodes:\n"
                + node("t1", ProcessNodes.Ticker.class, "inputs:", "  tick: dora/timer/millis/10")
                + node("t2", ProcessNodes.Ticker.class, "inputs:", "  tick: dora/timer/millis/10"));
        Process jdora = startJdoraRun(file);
        assertThat(poll(() -> logLine("t1", "started").isPresent() && logLine("t2", "started").isPresent(),
                Duration.ofSeconds(60))).as(Files.readString(dir.resolve("console.txt"))).isTrue();
        List<ProcessHandle> nodes = jdora.descendants().toList();
        assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);
        Path killedRunDirectory = runDirectoryOf(jdora.pid()).orElseThrow();
        runDirectories.add(killedRunDirectory);

        jdora.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long killedAt = System.nanoTime();
        assertThat(poll(() -> nodes.stream().noneMatch(ProcessModeTest::running), Duration.ofSeconds(10)))
                .as("node processes exit after jdora run was killed").isTrue();
        System.out.printf("jdora run SIGKILLed -> every node process gone: %.0f ms%n",
                (System.nanoTime() - killedAt) / 1e6);

        // the next run removes the directory the killed run could not
        finish(start("nodes:\n" + node("p", ProcessNodes.Producer.class, "outputs: [out]", "env: {COUNT: 1}"),
                Duration.ofSeconds(5)));
    }

    /**
     * Alive and not a zombie: a node process whose daemon was killed is reparented to init, which may take a while
     * to reap it; it has exited all the same.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static boolean poll(Check check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

}
