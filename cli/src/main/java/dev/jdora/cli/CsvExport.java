package dev.jdora.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdora.core.Metadata;
import dev.jdora.core.internal.OwnerOnly;
import dev.jdora.recording.RecordedMessages;
import dev.jdora.recording.Recording;
import dev.jdora.recording.RecordingException;
import dev.jdora.recording.internal.Columns;
import dev.jdora.recording.internal.OwnerFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;

/**
 * Writes each output of a recording as {@code <node>.<output>.csv} (RFC 4180): one row per message with its
 * timestamps (ISO-8601), HLC counter, parameters (JSON) and data (a JSON array of the values, as a tap shows them:
 * {@link ArrowText#values}). Files are the owner's alone (0600), created new (never over a file or through a symbolic
 * link); a missing directory is created 0700. Blocks on file I/O.
 */
final class CsvExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CsvExport() {
    }

    static List<Path> write(Recording recording, Path dir, BufferAllocator allocator)
            throws RecordingException, IOException {
        OwnerOnly.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (String output : recording.outputs()) {
            Path file = dir.resolve(Columns.fileName(output).replaceAll("\\.arrow$", ".csv"));
            try (RecordedMessages messages = recording.messages(output, allocator);
                 BufferedWriter out = new BufferedWriter(Channels.newWriter(OwnerFiles.create(file),
                         StandardCharsets.UTF_8))) {
                out.write(String.join(",", Columns.TIMESTAMP, Columns.HLC_COUNTER, Columns.RECEIVE_TIME,
                        Columns.PARAMETERS, Columns.DATA));
                out.write("\r\n");
                while (messages.next()) {
                    Metadata metadata = messages.metadata();
                    out.write(String.join(",", Recording.instant(metadata.timestamp().nanos()).toString(),
                            Integer.toString(metadata.timestamp().counter()),
                            Recording.instant(messages.receiveNanos()).toString(),
                            quote(JSON.writeValueAsString(metadata.parameters())), quote(values(messages.data()))));
                    out.write("\r\n");
                }
            }
            written.add(file);
        }
        return written;
    }

    private static String values(ValueVector data) throws JsonProcessingException {
        return JSON.writeValueAsString(ArrowText.values(data, Integer.MAX_VALUE));
    }

    private static String quote(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }
}
