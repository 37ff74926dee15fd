package dev.jdora.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Data;
import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.recording.Recording;
import dev.jdora.recording.internal.RecordingWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdora recording export --format csv} of a recording written in this JVM (no dataflow run). */
class CsvExportTest {

    private static final LocalDateTime AT = LocalDateTime.of(2026, 1, 1, 12, 0, 0, 250_000_000);

    @TempDir
    Path dir;

    /** A recording of {@code cam/pose}: one struct message with text, bytes and a timestamp. */
    private Path recording(BufferAllocator allocator) throws Exception {
        Path rec = dir.resolve("rec");
        RecordCommand.begin(rec, dir.resolve("flow.yml"), "nodes: []\n", List.of("cam/pose"), false);
        RecordingWriter writer = new RecordingWriter(rec, Map.of("cam/pose", "cam/pose"), allocator, false, 0,
                line -> { });
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", "a \"b\"");
        row.put("raw", new byte[] {1, 2, 3});
        try (StructVector pose = Data.struct(allocator, row)) {
            TimeStampMilliVector at = pose.addOrGet("at", FieldType.nullable(new ArrowType.Timestamp(
                    TimeUnit.MILLISECOND, null)), TimeStampMilliVector.class);
            at.setSafe(0, AT.toInstant(ZoneOffset.UTC).toEpochMilli());
            at.setValueCount(1);
            writer.append("cam/pose", pose, new Metadata(new Timestamp(1_767_268_800_000_000_000L, 7),
                    Map.of("n", 1L)));
        }
        writer.finish(key -> 0);
        return rec;
    }

    @Test
    void writesTheValuesAsATapShowsThemIntoFilesOfTheOwnerAlone() throws Exception {
        Path out = dir.resolve("exports/csv");
        List<Path> written;
        try (BufferAllocator allocator = new RootAllocator()) { // its close fails on a leak
            written = CsvExport.write(Recording.open(recording(allocator)), out, allocator);
        }

        assertThat(written).containsExactly(out.resolve("cam.pose.csv"));
        List<String> rows = Files.readAllLines(written.get(0));
        assertThat(rows).hasSize(2);
        // a struct row as a JSON object: text as text, bytes as base64, a timestamp as ISO-8601 local time
        assertThat(rows.get(1)).startsWith("2026-01-01T12:00:00Z,7,").endsWith(",\"{\"\"n\"\":1}\","
                + "\"[{\"\"name\"\":\"\"a \\\"\"b\\\"\"\"\",\"\"raw\"\":\"\"AQID\"\",\"\"at\"\":\"\"" + AT + "\"\"}]\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.get(0))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void neverWritesThroughASymbolicLink() throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            Path rec = recording(allocator);
            Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "keep me");
            Files.createSymbolicLink(rec.resolve("cam.pose.csv"), elsewhere);

            assertThatThrownBy(() -> CsvExport.write(Recording.open(rec), rec, allocator))
                    .isInstanceOf(FileAlreadyExistsException.class);

            assertThat(Files.readString(elsewhere)).isEqualTo("keep me");
        }
    }
}
