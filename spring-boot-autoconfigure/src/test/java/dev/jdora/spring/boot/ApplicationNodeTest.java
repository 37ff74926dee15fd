package dev.jdora.spring.boot;

import static dev.jdora.spring.boot.DataflowInApplicationTest.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.reactor.Output;
import dev.jdora.runtime.NodeResult;
import dev.jdora.runtime.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The application's own node ({@code bean: application}) in a dataflow of threads: a slow subscriber loses nothing on a
 * {@code backpressure} input; an endless send is cut at {@code Stop}, so closing the context ends the run cleanly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApplicationNodeTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ReceivedNumbers sink() {
            return new ReceivedNumbers();
        }
    }

    private static ConfigurableApplicationContext start(String dataflow) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .properties("jdora.dataflow=classpath:flows/" + dataflow, "jdora.transport=injvm",
                        "jdora.grace=2s", "jdora.console=false", "jdora.log-dir=target/jdora-test-out")
                .run();
    }

    @Test
    void aSlowSubscriberLosesNothingOnABackpressureInput() {
        try (ConfigurableApplicationContext context = start("slow-subscriber.yml")) {
            ReactiveDataflowRun run = context.getBean(ReactiveDataflowRun.class);

            // one message at a time, each handled on another thread after a pause: slower than the source
            List<Long> received = run.receive("n", in -> Data.toLongs(in.data())[0])
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .delayElements(Duration.ofMillis(3))
                    .take(150).collectList().block(Duration.ofSeconds(30));

            long first = received.get(0); // a subscriber sees what comes after it subscribed
            assertThat(received).as("every number from the first on, in order").containsExactlyElementsOf(
                    LongStream.range(first, first + 150).boxed().toList());
        }
    }

    @Test
    void anEndlessSendIsCutAtStopSoTheRunEndsCleanlyAndHealthIsNeverDown() throws Exception {
        ConfigurableApplicationContext context = start("application-sends.yml");
        ReactiveDataflowRun run = context.getBean(ReactiveDataflowRun.class);
        DataflowHealthIndicator health = context.getBean(DataflowHealthIndicator.class);
        List<Status> seen = new ArrayList<>();
        List<Throwable> sendErrors = new ArrayList<>();
        RunResult result;
        try {
            Disposable sending = run.send(Flux.interval(Duration.ofMillis(5)).map(i -> Output.of("ticks",
                    Data.longs(i))).onBackpressureDrop()).subscribe(null, e -> {
                        synchronized (sendErrors) {
                            sendErrors.add(e);
                        }
                    });
            ReceivedNumbers sink = context.getBean(ReceivedNumbers.class);
            assertThat(pollUntil(() -> sink.of("ticks").size() >= 5)).as("the application sends").isTrue();
            seen.add(health.health().getStatus());

            Thread closing = new Thread(context::close, "test-close");
            closing.start();
            while (closing.isAlive()) {
                seen.add(health.health().getStatus()); // health while the dataflow stops
                closing.join(5);
            }
            result = run.await(Duration.ofSeconds(10)).orElseThrow();
            sending.dispose();
        } finally {
            context.close();
        }
        seen.add(health.health().getStatus());

        assertThat(result.nodes()).as("no node failed: %s", result).noneMatch(NodeResult::failed);
        assertThat(seen).as("health while running and stopping").doesNotContain(Status.DOWN).startsWith(Status.UP);
        synchronized (sendErrors) {
            assertThat(sendErrors).singleElement().satisfies(e -> assertThat(e)
                    .hasMessage("node 'web' has stopped: nothing more is sent"));
        }
    }
}
