package dev.jdora.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdora.core.Metadata;
import dev.jdora.recording.RecordedMessages;
import dev.jdora.recording.Recording;
import dev.jdora.recording.RecordingException;
import dev.jdora.recording.internal.Columns;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;

/**
 * Writes each output of a recording as {@code <node>.<output>.csv} (RFC 4180): one row per message with its
 * timestamps (ISO-8601), HLC counter, parameters (JSON) and data (a JSON array of the values). Blocks on file I/O.
 */
final class CsvExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CsvExport() {
    }

    static List<Path> write(Recording recording, Path dir, BufferAllocator allocator)
            throws RecordingException, IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (String output : recording.outputs()) {
            Path file = dir.resolve(Columns.fileName(output).replaceAll("\\.arrow$", ".csv"));
            try (RecordedMessages messages = recording.messages(output, allocator);
                 BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                         StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
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
        List<Object> values = new ArrayList<>(data.getValueCount());
        for (int i = 0; i < data.getValueCount(); i++) {
            Object value = data.getObject(i);
            values.add(value == null || value instanceof Number || value instanceof Boolean
                    || value instanceof java.util.Map || value instanceof List || value instanceof byte[]
                    ? value : value.toString());
        }
        return JSON.writeValueAsString(values);
    }

    private static String quote(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }
}
