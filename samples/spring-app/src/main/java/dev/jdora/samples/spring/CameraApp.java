package dev.jdora.samples.spring;

import dev.jdora.core.Data;
import dev.jdora.spring.boot.ReactiveDataflowRun;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * A Spring Boot WebFlux application that runs the camera dataflow ({@code camera-app.yml}: camera and detector as
 * processes over shared memory, this application as the node {@code web}) and streams the detector's results.
 *
 * <pre>
 * curl -N localhost:8080/detections        # server-sent events, one per detection
 * curl localhost:8080/actuator/health      # includes "jdora": UP while every node runs
 * </pre>
 */
@SpringBootApplication
@RestController
public class CameraApp {

    private final ReactiveDataflowRun dataflow;

    public CameraApp(ReactiveDataflowRun dataflow) {
        this.dataflow = dataflow;
    }

    public static void main(String[] args) {
        SpringApplication.run(CameraApp.class, args);
    }

    /** Each detection the application's node receives from now on, as a server-sent event. */
    @GetMapping(value = "/detections", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<Map<String, Object>> detections() {
        return dataflow.receive("detection", in -> Data.structRow(in.data(), 0)); // a copy: the data is lent
    }
}
