package dev.jdora.cli;

import static dev.jdora.cli.CliOutcome.jdora;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdora.runtime.ExternalInput;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.complex.ListVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdora record --attach} against one real background run ({@code jdora start}, node processes over shared
 * memory): a source that counts forever, and two nodes that send a burst of numbered messages when told to through
 * an {@link ExternalInput}. The recordings are read back with Arrow's stock {@link ArrowFileReader} only. The run is
 * shared by the tests (starting one costs seconds); the last one stops it while a recorder is attached.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttachRecordTest {

    private static final String RUNTIME_DIR = "jdora.runtimeDir";
    private static final String RUN = "live";
    private static final int BURST = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private Path flow;
    private final DataflowOperations ops = DataflowOperations.local();

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void startTheRun() throws Exception {
        Path runtimeDir = Files.createDirectory(dir.resolve("rt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        System.setProperty(RUNTIME_DIR, runtimeDir.toString());
        flow = dir.resolve("flow.yml");
        Files.writeString(flow, "nodes:\n"
                + "  - id: source\n    class: " + RecordingNodes.Burst.class.getName() + "\n"
                + "    env: {COUNT: 0}\n    inputs: {tick: dora/timer/millis/2}\n    outputs: [out]\n"
                + "  - id: remote\n    class: " + ExternalInput.class.getName() + "\n    outputs: [a, b]\n"
                + "  - id: burst1\n    class: " + RecordingNodes.OnCommand.class.getName() + "\n"
                + "    env: {COUNT: " + BURST + "}\n    inputs: {go: remote/a}\n    outputs: [out]\n"
                + "  - id: burst2\n    class: " + RecordingNodes.OnCommand.class.getName() + "\n"
                + "    env: {COUNT: " + BURST + "}\n    inputs: {go: remote/b}\n    outputs: [out]\n");
        CliOutcome started = jdora("start", "--name", RUN, "--log-dir", dir.resolve("out").toString(),
                "--grace-duration", "2s", flow.toString());
        assertThat(started.exit()).as(started.err()).isZero();
        await(() -> status().state().equals("running"), "the run running");
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void nothingLeft() {
        jdora("down", "--grace-duration", "1s");
        System.clearProperty(RUNTIME_DIR);
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    @Order(1)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void recordsFromTheAttachOnWithoutAGapAndLeavesTheRunRunning() throws Exception {
        long sentBefore = sent("source/out");
        Path rec = dir.resolve("lossless");

        CliOutcome record = jdora("record", "--attach", RUN, "--outputs", "source/out", "-o", rec.toString(),
                "--duration", "1s", "--throttle-ms", "4"); // slower than the source: the source waits

        assertThat(record.exit()).as(record.err()).isZero();
        assertThat(record.err()).contains("(lossless: its outputs wait for the recorder)")
                .contains("what was sent before now is not recorded").contains("none dropped (lossless)");
        List<Long> values = recordedValues(rec.resolve("source.out.arrow"));
        assertThat(values).as("recorded something").hasSizeGreaterThan(10);
        assertThat(values.get(0)).as("nothing sent before the attach").isGreaterThanOrEqualTo(sentBefore);
        assertThat(values).as("contiguous from the first recorded to the last").isEqualTo(
                LongStream.rangeClosed(values.get(0), values.get(values.size() - 1)).boxed().toList());
        JsonNode manifest = manifest(rec);
        assertThat(manifest.get("complete").asBoolean()).isTrue();
        assertThat(manifest.get("lossy").asBoolean()).isFalse();
        assertThat(manifest.get("dataflow").asText()).isEqualTo(flow.toAbsolutePath().normalize().toString());
        assertThat(manifest.get("dataflow_yaml").asText()).isEqualTo(Files.readString(flow));
        assertThat(manifest.get("start_time").asText()).isNotEmpty();
        assertThat(manifest.get("end_time").isNull()).isFalse();
        JsonNode output = manifest.get("outputs").get(0);
        assertThat(output.get("output").asText()).isEqualTo("source/out");
        assertThat(output.get("messages").asLong()).isEqualTo(values.size());
        assertThat(output.get("dropped").asLong()).isZero();
        assertThat(Files.readString(rec.resolve("dataflow.yml"))).isEqualTo(Files.readString(flow));

        long after = sent("source/out");
        await(() -> sent("source/out") > after, "the source going on after the recording");
        assertThat(status().state()).isEqualTo("running");
        assertThat(status().topic("source/out").orElseThrow().readers()).as("the tap is gone").isEmpty();
    }

    @Test
    @Order(2)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aRecorderKilledWhileTheWriterWaitsForItReleasesTheDataflow() throws Exception {
        Path console = dir.resolve("killed.txt");
        Process recorder = recorderProcess(console, "--outputs", "burst1/out", "-o", dir.resolve("killed").toString(),
                "--throttle-ms", "600000"); // reads one message, then "writes" for ten minutes
        try {
            await(() -> tapOn("burst1/out"), "the recorder's tap listed on burst1/out");
            assertThat(status().topic("burst1/out").orElseThrow().readers()).singleElement().satisfies(r -> {
                assertThat(r.policy()).isEqualTo("backpressure");
                assertThat(r.queueSize()).isEqualTo(64);
            });
            assertThat(jdora("topic", "list", RUN, "--window", "10ms").out())
                    .containsPattern("burst1/out .* ~tap-\\d+");
            assertThat(jdora("topic", "pub", RUN, "remote/a", "1").exit()).isZero();

            await(() -> sent("burst1/out") >= 65, "the burst up to the recorder's queue");
            assertThat(sent("burst1/out")).as("held by the recorder: one read, 64 queued").isEqualTo(65);
            assertThat(node("burst1")).isEqualTo(RunStatus.NodeStatus.RUNNING);
        } finally {
            recorder.destroyForcibly(); // SIGKILL, while the writer waits for it
            assertThat(recorder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        await(() -> sent("burst1/out") == BURST && node("burst1").equals(RunStatus.NodeStatus.FINISHED),
                "the burst finished once the recorder died");
        assertThat(status().state()).isEqualTo("running");
        assertThat(status().topic("burst1/out").orElseThrow().readers()).as("the tap is gone").isEmpty();
    }

    @Test
    @Order(3)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aLossyRecorderBehindAThrottledWriterCountsEveryMissingMessageAsDropped() throws Exception {
        Path rec = dir.resolve("lossy");
        CompletableFuture<CliOutcome> recording = CompletableFuture.supplyAsync(() -> jdora("record", "--attach",
                RUN, "--outputs", "burst2/out", "-o", rec.toString(), "--lossy", "--throttle-ms", "3"));
        await(() -> tapOn("burst2/out") || recording.isDone(), "the recorder's tap listed on burst2/out");
        assertThat(jdora("topic", "pub", RUN, "remote/b", "1").exit()).isZero();

        CliOutcome record = recording.get(60, TimeUnit.SECONDS); // ends with the burst: its output ends

        assertThat(record.exit()).as(record.err()).isZero();
        assertThat(record.err()).contains("the recorded outputs have ended");
        List<Long> values = recordedValues(rec.resolve("burst2.out.arrow"));
        JsonNode output = manifest(rec).get("outputs").get(0);
        long dropped = output.get("dropped").asLong();
        assertThat(dropped).as("a writer 3 ms a message behind a burst drops").isPositive();
        assertThat(dropped).as("every missing message counted").isEqualTo(BURST - values.size());
        assertThat(output.get("messages").asLong()).isEqualTo(values.size());
        assertThat(values).isSorted().doesNotHaveDuplicates().allMatch(v -> v >= 0 && v < BURST);
        assertThat(record.err()).contains("dropped " + dropped + " (--lossy)");
        assertThat(manifest(rec).get("lossy").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void unknownRunsAndOutputsAreUserErrorsWithADidYouMean() {
        CliOutcome run = jdora("record", "--attach", "lvie", "-o", dir.resolve("bad1").toString());
        assertThat(run.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err()).contains("no dataflow 'lvie' (did you mean 'live'?)");
        run.assertNoStackTrace();

        CliOutcome output = jdora("record", "--attach", RUN, "--outputs", "source/out,burst1/otu", "-o",
                dir.resolve("bad2").toString());
        assertThat(output.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(output.err()).contains("has no output 'burst1/otu' (did you mean 'burst1/out'?)");
        output.assertNoStackTrace();
        assertThat(dir.resolve("bad2")).as("nothing recorded").doesNotExist();

        CliOutcome both = jdora("record", "--attach", RUN, flow.toString());
        assertThat(both.exit()).isEqualTo(Main.USER_ERROR);
        assertThat(both.err()).contains("not both");
        both.assertNoStackTrace();
    }

    @Test
    @Order(5)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sigtermFinishesTheFilesAndTheRunsEndEndsARecording() throws Exception {
        Path rec = dir.resolve("terminated");
        Process recorder = recorderProcess(dir.resolve("terminated.txt"), "--outputs", "source/out", "-o",
                rec.toString());
        await(() -> tapOn("source/out"), "the recorder's tap listed");
        long at = sent("source/out");
        await(() -> sent("source/out") > at + 50, "messages recorded");
        recorder.destroy(); // SIGTERM, as Ctrl-C
        assertThat(recorder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.exitValue()).as(Files.readString(dir.resolve("terminated.txt"))).isZero();
        List<Long> values = recordedValues(rec.resolve("source.out.arrow"));
        assertThat(manifest(rec).get("complete").asBoolean()).isTrue();
        assertThat(manifest(rec).get("outputs").get(0).get("messages").asLong()).isEqualTo(values.size());
        assertThat(values).isEqualTo(LongStream.rangeClosed(values.get(0), values.get(values.size() - 1)).boxed()
                .toList());
        assertThat(status().state()).as("the dataflow keeps running").isEqualTo("running");

        Path last = dir.resolve("last");
        CompletableFuture<CliOutcome> recording = CompletableFuture.supplyAsync(() -> jdora("record", "--attach",
                RUN, "-o", last.toString()));
        await(() -> tapOn("source/out") || recording.isDone(), "the last recorder's tap listed");
        RunAddress run = ops.resolve(RUN);
        // a grace long enough for a loaded host: a node killed after it would make stop exit 1 (a failed node)
        CliOutcome stop = jdora("stop", RUN, "--grace-duration", "20s");
        assertThat(stop.exit()).as(stop.out() + stop.err()).isZero();
        assertThat(ops.awaitEnd(run, java.time.Duration.ofSeconds(30))).isTrue();

        CliOutcome ended = recording.get(30, TimeUnit.SECONDS);
        assertThat(ended.exit()).as(ended.err()).isZero();
        assertThat(ended.err()).contains("dataflow 'live' has ended");
        assertThat(manifest(last).get("complete").asBoolean()).isTrue();
        assertThat(manifest(last).get("outputs")).hasSize(5); // every output: source/out, remote/a, remote/b, ...
    }

    // ---- helpers

    private Process recorderProcess(Path console, String... options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(CtrlCTest.jvmOptions().split("\\s+")));
        command.addAll(List.of("-D" + RUNTIME_DIR + "=" + System.getProperty(RUNTIME_DIR), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "record", "--attach", RUN));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
    }

    private RunStatus status() {
        return ops.status(ops.resolve(RUN));
    }

    private long sent(String topic) {
        return status().topic(topic).orElseThrow().sent();
    }

    private String node(String id) {
        return status().nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow().state();
    }

    private boolean tapOn(String topic) {
        return status().topic(topic).orElseThrow().readers().stream().anyMatch(r -> r.input().startsWith("~tap-"));
    }

    private static JsonNode manifest(Path rec) throws IOException {
        return JSON.readTree(rec.resolve("manifest.json").toFile());
    }

    /** The first value of every recorded message, with Arrow's stock reader. */
    private static List<Long> recordedValues(Path file) throws IOException {
        List<Long> values = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            while (reader.loadNextBatch()) {
                ListVector data = (ListVector) reader.getVectorSchemaRoot().getVector("data");
                for (int i = 0; i < reader.getVectorSchemaRoot().getRowCount(); i++) {
                    values.add((Long) data.getObject(i).get(0));
                }
            }
        }
        return values;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("in time: %s", what).isNegative();
            Thread.sleep(20); // other processes act: nothing to be woken by
        }
    }
}
