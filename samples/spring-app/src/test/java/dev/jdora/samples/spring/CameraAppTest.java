package dev.jdora.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The sample app over HTTP: real detections from the camera dataflow as server-sent events, and its health. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"jdora.console=false", "jdora.log-dir=target/jdora-test-out"})
@AutoConfigureWebTestClient
@DirtiesContext
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraAppTest {

    @Autowired
    WebTestClient client;

    @Test
    void detectionsStreamAsServerSentEventsAndHealthIsUp() {
        WebTestClient web = client.mutate().responseTimeout(Duration.ofSeconds(60)).build();

        List<Map<String, Object>> detections = web.get().uri("/detections").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<Map<String, Object>>() { })
                .getResponseBody().take(2).collectList().block(Duration.ofSeconds(60));

        assertThat(detections).hasSize(2).allSatisfy(d -> assertThat(d).containsKeys("frame", "x", "latency_ms"));
        assertThat((Number) detections.get(1).get("frame")).satisfies(f -> assertThat(f.longValue())
                .isGreaterThan(((Number) detections.get(0).get("frame")).longValue()));
        web.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.jdora.status").isEqualTo("UP");
        String prometheus = web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus).as("jdora's meters, tagged").containsPattern(
                "jdora_input_received\\w*_total\\{[^}]*dataflow=\"camera-app\"[^}]*input=\"detection\"[^}]*"
                        + "node=\"web\"[^}]*run=\"[^\"]+\"[^}]*} [1-9]")
                .contains("jdora_input_dropped", "jdora_output_sent", "node=\"detector\"");
    }
}
