package dev.jdora.recording;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code manifest.json} of a recording. Written when the recording starts ({@code complete: false}, no counts)
 * and again when the recorder ends ({@code complete: true}, with the counts); a recording cut off by a crash keeps
 * the first one, and its counts are read from the files ({@link Recording#info()}). Immutable.
 *
 * @param format       the layout version of the recording ({@value #FORMAT})
 * @param jdoraVersion the jdora that recorded it
 * @param dataflow     the path of the recorded dataflow file ({@code dataflow.yml} in the recording holds a copy)
 * @param dataflowYaml the text of the recorded dataflow
 * @param startTime    when recording began (ISO-8601, UTC)
 * @param endTime      when the recorder ended; null while recording or if it was cut off
 * @param lossy        whether the recorder read with {@code drop_oldest} ({@code --lossy}) instead of
 *                     {@code backpressure}
 * @param complete     whether the recorder ended and wrote its counts
 * @param outputs      the recorded outputs, in the order given
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Manifest(int format, @JsonProperty("jdora_version") String jdoraVersion, String dataflow,
                       @JsonProperty("dataflow_yaml") String dataflowYaml,
                       @JsonProperty("start_time") String startTime,
                       @JsonProperty("end_time") @Nullable String endTime, boolean lossy, boolean complete,
                       List<Output> outputs) {

    /** The layout version this jdora writes. */
    public static final int FORMAT = 1;
    /** The manifest's file name in a recording. */
    public static final String FILE = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Manifest {
        outputs = List.copyOf(outputs);
    }

    /**
     * One recorded output.
     *
     * @param output   {@code node/output}
     * @param file     its Arrow IPC file in the recording
     * @param messages messages written (0 until the recorder ends)
     * @param dropped  messages the recorder's {@code drop_oldest} queue dropped (always 0 without {@code --lossy})
     */
    public record Output(String output, String file, long messages, long dropped) {
    }

    /** The same manifest, ended: complete with these counts. */
    public Manifest ended(String end, List<Output> counted) {
        return new Manifest(format, jdoraVersion, dataflow, dataflowYaml, startTime, end, lossy, true, counted);
    }

    /** The manifest as JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest could not be written as JSON", e);
        }
    }

    /**
     * Reads a manifest; {@code source} names the file in the error. The shape is checked before the record is built,
     * so a manifest that lacks a part is refused by name (not with a mapper's message).
     */
    public static Manifest fromJson(String json, String source) throws RecordingException {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new RecordingException(source + ": not a jdora recording manifest (not a JSON object)");
            }
            if (!tree.path("outputs").isArray() || !tree.path("dataflow_yaml").isTextual()
                    || !tree.path("dataflow").isTextual()) {
                throw new RecordingException(source + ": not a jdora recording manifest (no outputs or dataflow)");
            }
            JsonNode outputs = tree.get("outputs");
            for (int i = 0; i < outputs.size(); i++) {
                if (!outputs.get(i).path("output").isTextual() || !outputs.get(i).path("file").isTextual()) {
                    throw new RecordingException(source + ": not a jdora recording manifest (outputs[" + i
                            + "] has no output or no file)");
                }
            }
            return JSON.treeToValue(tree, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new RecordingException(source + ": not a jdora recording manifest: "
                    + e.getOriginalMessage().lines().findFirst().orElse("bad JSON"));
        }
    }
}
