package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdora record}, {@code replay} and {@code recording}, in one JVM (nodes as threads). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String dataflow(String burstExtra) {
        return "nodes:\n"
                + "  - id: source\n    class: " + RecordingNodes.Burst.class.getName() + "\n"
                + "    outputs: [out]\n" + burstExtra
                + "  - id: sink\n    class: " + RecordingNodes.Collect.class.getName() + "\n"
                + "    inputs:\n      in: {source: source/out, queue_size: 1000, queue_policy: backpressure}\n";
    }

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private CliOutcome record(Path yml, Path rec, String... extra) {
        List<String> args = new ArrayList<>(List.of("record", "--in-jvm", "--quiet", "--log-dir",
                dir.resolve("out").toString(), "-o", rec.toString()));
        args.addAll(List.of(extra));
        args.add(yml.toString());
        return CliOutcome.jdora(args.toArray(String[]::new));
    }

    private List<String> log(String node) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> runs = Files.list(dir.resolve("out"))) {
            for (Path run : runs.sorted((a, b) -> b.toFile().lastModified() > a.toFile().lastModified() ? 1 : -1)
                    .toList()) {
                lines.addAll(Files.readAllLines(run.resolve(node + ".log")));
            }
        }
        return lines;
    }

    private static JsonNode manifest(Path rec) throws IOException {
        return JSON.readTree(rec.resolve("manifest.json").toFile());
    }

    @Test
    void recordsEveryMessageLosslesslyAndReplaysThemIdentically() throws Exception {
        Path yml = write("flow.yml", dataflow("    env: {COUNT: 300}\n"));
        Path rec = dir.resolve("rec");

        CliOutcome recorded = record(yml, rec);

        assertThat(recorded.exit()).as(recorded.err()).isZero();
        JsonNode manifest = manifest(rec);
        assertThat(manifest.get("complete").asBoolean()).isTrue();
        assertThat(manifest.get("lossy").asBoolean()).isFalse();
        assertThat(manifest.get("outputs").get(0).get("output").asText()).isEqualTo("source/out");
        assertThat(manifest.get("outputs").get(0).get("messages").asLong()).isEqualTo(300);
        assertThat(manifest.get("outputs").get(0).get("dropped").asLong()).isZero();
        assertThat(recorded.err()).contains("recorded 300 messages of 1 output", "none dropped (lossless)");
        assertThat(Files.getPosixFilePermissions(rec.resolve("source.out.arrow")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String expected = "got 300 " + LongStream.range(0, 300).mapToObj(i -> i + ":" + i * i + ":" + i + ":"
                + i / 2.0).toList();
        assertThat(log("sink")).contains(expected);

        CliOutcome replayed = CliOutcome.jdora("replay", rec.toString(), "--in-jvm", "--quiet", "--speed", "0",
                "--log-dir", dir.resolve("out").toString());

        assertThat(replayed.exit()).as(replayed.err()).isZero();
        assertThat(replayed.err()).contains("replaying source from");
        assertThat(log("sink").stream().filter(expected::equals)).hasSize(2);
        assertThat(log("source")).anyMatch(l -> l.startsWith("replayed 300 messages in"));
    }

    /** The recording as any Arrow user reads it: Arrow's own file reader, no jdora class. */
    @Test
    void stockArrowFileReaderFindsValuesAndTimestamps() throws Exception {
        Path rec = dir.resolve("rec");
        assertThat(record(write("flow.yml", dataflow("    env: {COUNT: 50}\n")), rec).exit()).isZero();

        try (BufferAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(rec.resolve("source.out.arrow"));
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<Object> data = new ArrayList<>();
            List<String> parameters = new ArrayList<>();
            long previous = 0;
            while (reader.loadNextBatch()) {
                ListVector values = (ListVector) root.getVector("data");
                TimeStampNanoTZVector timestamps = (TimeStampNanoTZVector) root.getVector("timestamp");
                TimeStampNanoTZVector received = (TimeStampNanoTZVector) root.getVector("receive_time");
                VarCharVector params = (VarCharVector) root.getVector("parameters");
                for (int i = 0; i < root.getRowCount(); i++) {
                    data.add(values.getObject(i));
                    parameters.add(params.getObject(i).toString());
                    assertThat(timestamps.get(i)).isGreaterThanOrEqualTo(previous);
                    assertThat(received.get(i)).isGreaterThanOrEqualTo(timestamps.get(i) - 1_000_000_000L);
                    previous = timestamps.get(i);
                }
            }
            assertThat(data).hasSize(50);
            assertThat(data.get(7)).isEqualTo(List.of(7L, 49L));
            assertThat(JSON.readTree(parameters.get(7))).isEqualTo(JSON.readTree("{\"n\":7,\"half\":3.5}"));
            assertThat(previous).isGreaterThan(1_700_000_000_000_000_000L); // nanoseconds since the epoch, now
        }
    }

    @Test
    void lossyRecorderBehindAThrottledWriterCountsEveryDropAndTheDefaultLosesNothing() throws Exception {
        Path yml = write("flow.yml", dataflow("    env: {COUNT: 400}\n"));

        CliOutcome lossy = record(yml, dir.resolve("lossy"), "--lossy", "--throttle-ms", "3");

        assertThat(lossy.exit()).as(lossy.err()).isZero();
        JsonNode out = manifest(dir.resolve("lossy")).get("outputs").get(0);
        long dropped = out.get("dropped").asLong();
        assertThat(dropped).isPositive();
        assertThat(out.get("messages").asLong() + dropped).isEqualTo(400);
        assertThat(lossy.err()).contains("dropped " + dropped + " (--lossy)");
        assertThat(log("jdora-recorder")).contains("recorded source/out: " + (400 - dropped) + " messages, dropped "
                + dropped + " (--lossy)");

        CliOutcome lossless = record(yml, dir.resolve("lossless"), "--throttle-ms", "1");

        assertThat(lossless.exit()).as(lossless.err()).isZero();
        JsonNode all = manifest(dir.resolve("lossless")).get("outputs").get(0);
        assertThat(all.get("messages").asLong()).isEqualTo(400);
        assertThat(all.get("dropped").asLong()).isZero();
    }

    @Test
    void infoAndCsvExportDescribeTheRecording() throws Exception {
        Path rec = dir.resolve("rec");
        assertThat(record(write("flow.yml", dataflow("    env: {COUNT: 5}\n")), rec).exit()).isZero();

        CliOutcome info = CliOutcome.jdora("recording", "info", rec.toString());
        CliOutcome csv = CliOutcome.jdora("recording", "export", rec.toString(), "--format", "csv");
        CliOutcome parquet = CliOutcome.jdora("recording", "export", rec.toString(), "--format", "parquet");

        assertThat(info.exit()).as(info.err()).isZero();
        assertThat(info.out()).contains("source/out: 5 messages, dropped 0, over ", "data Int(64, true)", "lossless");
        assertThat(csv.exit()).as(csv.err()).isZero();
        List<String> rows = Files.readAllLines(rec.resolve("source.out.csv"));
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).isEqualTo("timestamp,hlc_counter,receive_time,parameters,data");
        assertThat(rows.get(3)).endsWith(",\"[2,4]\"").containsAnyOf("\"{\"\"n\"\":2,\"\"half\"\":1.0}\"",
                "\"{\"\"half\"\":1.0,\"\"n\"\":2}\"");
        assertThat(parquet.exit()).isEqualTo(2);
        assertThat(parquet.err()).contains("write_parquet");
    }

    @Test
    void badInputIsAUserErrorWithoutStackTrace() throws Exception {
        Path yml = write("flow.yml", dataflow("    env: {COUNT: 5}\n"));
        Path rec = dir.resolve("rec");
        assertThat(record(yml, rec).exit()).isZero();
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path cut = Files.createDirectory(dir.resolve("cut"));
        Files.copy(rec.resolve("manifest.json"), cut.resolve("manifest.json"));
        byte[] file = Files.readAllBytes(rec.resolve("source.out.arrow"));
        Files.write(cut.resolve("source.out.arrow"), java.util.Arrays.copyOf(file, 12));
        Path other = write("other.yml", dataflow(""));

        List<CliOutcome> outcomes = List.of(
                CliOutcome.jdora("recording", "info", empty.toString()),
                CliOutcome.jdora("replay", empty.toString()),
                CliOutcome.jdora("recording", "info", cut.toString()),
                CliOutcome.jdora("replay", rec.toString(), "--yml", other.toString(), "--replace", "camera"),
                CliOutcome.jdora("record", "--attach", "run-1"),
                record(yml, dir.resolve("rec2"), "--outputs", "source/nope"),
                CliOutcome.jdora("replay", rec.toString(), "--speed", "-1"));

        for (CliOutcome outcome : outcomes) {
            assertThat(outcome.exit()).as(outcome.err()).isEqualTo(2);
            outcome.assertNoStackTrace();
        }
        assertThat(outcomes.get(0).err()).contains("empty: not a recording (it has no manifest.json)");
        assertThat(outcomes.get(2).err()).contains("source.out.arrow: cut off before its schema");
        assertThat(outcomes.get(3).err()).contains("--replace camera: ", "has no node 'camera' (nodes: source, sink)");
        assertThat(outcomes.get(4).err()).contains("no dataflow 'run-1'");
        assertThat(outcomes.get(5).err()).contains("no output source/nope (outputs: source/out)");
    }

    /** Another user's (or anyone's) writable directory could swap the manifest: it is refused, and why. */
    @Test
    void recordsOnlyIntoADirectoryThatIsOursAlone() throws Exception {
        Path yml = write("flow.yml", dataflow("    env: {COUNT: 5}\n"));
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path mine = Files.createDirectory(dir.resolve("mine"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(dir.resolve("link"), mine);

        CliOutcome intoOpen = record(yml, open);
        CliOutcome intoLink = record(yml, link);

        assertThat(intoOpen.exit()).as(intoOpen.err()).isEqualTo(2);
        assertThat(intoOpen.err()).contains("error: the recording directory " + open + " cannot be used: " + open
                + ": refusing to use it: its mode is rwxrwxrwx, not rwx------");
        assertThat(intoLink.exit()).as(intoLink.err()).isEqualTo(2);
        assertThat(intoLink.err()).contains("error: the recording directory " + link + " cannot be used: " + link
                + ": refusing to use it: it is a symbolic link");
        intoOpen.assertNoStackTrace();
        intoLink.assertNoStackTrace();
        try (Stream<Path> left = Files.list(open)) {
            assertThat(left).isEmpty();
        }
        try (Stream<Path> left = Files.list(mine)) {
            assertThat(left).isEmpty();
        }
    }

    /** A crafted manifest naming a file elsewhere: refused by every command, and that file is never rewritten. */
    @Test
    void aManifestNamingAFileOutsideTheRecordingIsRefused() throws Exception {
        Path rec = dir.resolve("rec");
        assertThat(record(write("flow.yml", dataflow("    env: {COUNT: 5}\n")), rec).exit()).isZero();
        byte[] whole = Files.readAllBytes(rec.resolve("source.out.arrow"));
        Path outside = dir.resolve("x.arrow");
        Files.write(outside, java.util.Arrays.copyOf(whole, whole.length - 10)); // no footer: repair would rewrite it
        byte[] before = Files.readAllBytes(outside);
        String manifest = text(rec.resolve("manifest.json"));

        for (String named : List.of("../x.arrow", outside.toAbsolutePath().toString())) {
            Path crafted = Files.createDirectory(dir.resolve("crafted-" + named.length()));
            Files.writeString(crafted.resolve("manifest.json"),
                    manifest.replace("\"source.out.arrow\"", JSON.writeValueAsString(named)));
            Files.copy(rec.resolve("dataflow.yml"), crafted.resolve("dataflow.yml"));

            for (CliOutcome outcome : List.of(CliOutcome.jdora("recording", "repair", crafted.toString()),
                    CliOutcome.jdora("recording", "info", crafted.toString()),
                    CliOutcome.jdora("recording", "export", crafted.toString(), "--format", "csv"),
                    CliOutcome.jdora("replay", crafted.toString(), "--in-jvm", "--quiet"))) {
                assertThat(outcome.exit()).as(outcome.err()).isEqualTo(2);
                assertThat(outcome.err()).contains("error: " + crafted.resolve("manifest.json")
                        + ": output source/out names a file outside the recording: " + named);
                outcome.assertNoStackTrace();
            }
        }
        assertThat(Files.readAllBytes(outside)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains(".repair")
                    || f.endsWith(".csv"));
        }
    }

    @Test
    void aRecordingKilledWithSigkillIsReadableUpToItsLastCompleteBatch() throws Exception {
        Path yml = write("forever.yml", dataflow("    env: {COUNT: 0}\n    inputs: {tick: dora/timer/millis/5}\n"));
        Path rec = dir.resolve("rec");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(CtrlCTest.jvmOptions().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "record",
                "--in-jvm", "--quiet", "--log-dir", dir.resolve("out").toString(), "-o", rec.toString(),
                yml.toString()));
        Process jdora = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile()).start();
        long seen;
        try {
            seen = awaitRows(rec.resolve("source.out.arrow"), 100);
        } finally {
            jdora.destroyForcibly(); // SIGKILL
            jdora.waitFor();
        }

        CliOutcome info = CliOutcome.jdora("recording", "info", rec.toString());
        assertThat(info.exit()).as(info.err()).isZero();
        long kept = Long.parseLong(info.out().replaceAll("(?s).*source/out: (\\d+) messages.*", "$1"));
        assertThat(kept).isGreaterThanOrEqualTo(seen);
        assertThat(info.out()).contains("not finished by the recorder (cut off)", "cut off");

        CliOutcome repair = CliOutcome.jdora("recording", "repair", rec.toString());
        assertThat(repair.exit()).as(repair.err()).isZero();
        assertThat(stockRows(rec.resolve("source.out.arrow"))).isEqualTo(kept);
    }

    /** Polls the cut-off file (as a stream after its 8 magic bytes, as the README says) until it holds rows. */
    private static long awaitRows(Path file, long atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long rows = Files.exists(file) ? streamRows(file) : 0;
            if (rows >= atLeast) {
                return rows;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new AssertionError("the recorder wrote no " + atLeast + " rows in 60 s");
    }

    private static long streamRows(Path file) throws IOException {
        long rows = 0;
        try (BufferAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file)) {
            channel.position(8);
            try (var reader = new org.apache.arrow.vector.ipc.ArrowStreamReader(channel, allocator)) {
                while (reader.loadNextBatch()) {
                    rows += reader.getVectorSchemaRoot().getRowCount();
                }
            } catch (IOException | RuntimeException partial) {
                return rows; // a batch being written, or no schema yet: what came before counts
            }
        }
        return rows;
    }

    private static long stockRows(Path file) throws IOException {
        long rows = 0;
        try (BufferAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
        }
        return rows;
    }

    static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
