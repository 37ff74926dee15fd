package dev.jdora.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file a manifest names is inside its recording; one that is not refuses the recording, by name. */
class RecordingFilesTest {

    @TempDir
    Path dir;

    private Path recording(String... files) throws Exception {
        Path rec = Files.createDirectory(dir.resolve("rec"));
        List<Manifest.Output> outputs = java.util.Arrays.stream(files)
                .map(f -> new Manifest.Output("cam/image", f, 0, 0)).toList();
        Files.writeString(rec.resolve(Manifest.FILE), ManifestTest.manifest(outputs).toJson());
        return rec;
    }

    @Test
    void aFileInTheRecordingIsFoundThere() throws Exception {
        Path rec = recording("cam.image.arrow");

        Recording recording = Recording.open(rec);

        assertThat(recording.file(recording.manifest().outputs().get(0)))
                .isEqualTo(rec.toAbsolutePath().resolve("cam.image.arrow"));
        try (BufferAllocator allocator = new RootAllocator();
             RecordedMessages messages = recording.messages("cam/image", allocator)) {
            assertThat(messages.next()).isFalse(); // no file: the output sent nothing
        }
    }

    @Test
    void aFileOutsideTheRecordingIsRefused() throws Exception {
        for (String outside : List.of("../x.arrow", dir.resolve("x.arrow").toAbsolutePath().toString(),
                "sub/../../x.arrow", ".")) {
            Path rec = recording(outside);

            assertThatThrownBy(() -> Recording.open(rec))
                    .as(outside)
                    .isInstanceOf(RecordingException.class)
                    .hasMessage(rec.resolve(Manifest.FILE) + ": output cam/image names a file outside the recording: "
                            + outside + " (a recording's files are in its directory)");
            deleteRecording(rec);
        }
    }

    private static void deleteRecording(Path rec) throws Exception {
        Files.delete(rec.resolve(Manifest.FILE));
        Files.delete(rec);
    }
}
