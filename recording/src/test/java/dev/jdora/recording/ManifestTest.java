package dev.jdora.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code manifest.json}: what a recorder writes reads back, and what is not a manifest is a clear error. */
class ManifestTest {

    static Manifest manifest(List<Manifest.Output> outputs) {
        return new Manifest(Manifest.FORMAT, "test", "/flows/flow.yml", "nodes: []\n", "2026-01-01T12:00:00Z", null,
                false, false, outputs);
    }

    @Test
    void readsBackWhatItWrites() throws Exception {
        Manifest written = manifest(List.of(new Manifest.Output("cam/image", "cam.image.arrow", 0, 0)))
                .ended("2026-01-01T12:01:00Z", List.of(new Manifest.Output("cam/image", "cam.image.arrow", 42, 3)));

        Manifest read = Manifest.fromJson(written.toJson(), "manifest.json");

        assertThat(read).isEqualTo(written);
        assertThat(written.toJson()).contains("\"jdora_version\"", "\"dataflow_yaml\"", "\"end_time\"");
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws Exception {
        String json = manifest(List.of()).toJson().replaceFirst("\\{", "{\"from_the_future\": 1,");

        assertThat(Manifest.fromJson(json, "m.json").outputs()).isEmpty();
    }

    @Test
    void badJsonNamesTheFileAndTheProblem() {
        assertThatThrownBy(() -> Manifest.fromJson("{\"format\": 1,", "rec/manifest.json"))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("rec/manifest.json: not a jdora recording manifest: ");
        assertThatThrownBy(() -> Manifest.fromJson("[1, 2]", "rec/manifest.json"))
                .hasMessage("rec/manifest.json: not a jdora recording manifest (not a JSON object)");
        assertThatThrownBy(() -> Manifest.fromJson("", "rec/manifest.json"))
                .hasMessage("rec/manifest.json: not a jdora recording manifest (not a JSON object)");
        String badFormat = manifest(List.of()).toJson().replace("\"format\" : 1", "\"format\" : \"one\"");
        assertThatThrownBy(() -> Manifest.fromJson(badFormat, "rec/manifest.json"))
                .hasMessageStartingWith("rec/manifest.json: not a jdora recording manifest: ")
                .hasMessageContaining("int");
    }

    @Test
    void aManifestWithoutOutputsOrDataflowIsNotOne() {
        assertThatThrownBy(() -> Manifest.fromJson("{\"format\": 1, \"dataflow_yaml\": \"nodes: []\"}", "m.json"))
                .isInstanceOf(RecordingException.class)
                .hasMessage("m.json: not a jdora recording manifest (no outputs or dataflow)");
        assertThatThrownBy(() -> Manifest.fromJson("{\"format\": 1, \"outputs\": []}", "m.json"))
                .hasMessage("m.json: not a jdora recording manifest (no outputs or dataflow)");
    }

    @Test
    void anOutputWithoutItsFileIsNamed() {
        String json = manifest(List.of()).toJson().replace("\"outputs\" : [ ]",
                "\"outputs\" : [ {\"output\": \"cam/image\", \"file\": \"cam.image.arrow\"}, {\"output\": \"a/b\"} ]");

        assertThatThrownBy(() -> Manifest.fromJson(json, "m.json"))
                .isInstanceOf(RecordingException.class)
                .hasMessage("m.json: not a jdora recording manifest (outputs[1] has no output or no file)");
    }
}
