package dev.jdora.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Event;
import dev.jdora.core.NodeMain;
import dev.jdora.runtime.RunResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The meters of the application's dataflow in its {@link MeterRegistry}: received = sent under {@code backpressure},
 * drops counted under {@code drop_oldest}, tagged with the dataflow, the run, the node and the port; removed when the
 * context closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataflowMetersTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        MeterRegistry registry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        NodeMain fastSink() {
            return node -> node.forEach(event -> { });
        }

        @Bean
        NodeMain slowSink() {
            return node -> node.forEach(event -> {
                if (event instanceof Event.Input) {
                    LockSupport.parkNanos(200_000); // the slow reader under test, not a wait for something
                }
            });
        }
    }

    @Test
    void receivedEqualsSentDropsAreCountedAndTheMetersGoWithTheContext() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .properties("jdora.dataflow=classpath:flows/metered.yml", "jdora.transport=injvm",
                        "jdora.console=false", "jdora.log-dir=target/jdora-test-out")
                .run();
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        try {
            ReactiveDataflowRun run = context.getBean(ReactiveDataflowRun.class);
            RunResult result = run.await(Duration.ofSeconds(30)).orElseThrow();
            assertThat(result.succeeded()).as(result.toString()).isTrue();
            String id = run.id();

            assertThat(count(registry, "jdora.output.sent", id, "source", "output")).isEqualTo(2000);
            assertThat(count(registry, "jdora.input.received", id, "lossless", "input")).isEqualTo(2000);
            assertThat(count(registry, "jdora.input.dropped", id, "lossless", "input")).isZero();
            double dropped = count(registry, "jdora.input.dropped", id, "lossy", "input");
            assertThat(dropped).as("drop_oldest behind a slow reader").isPositive();
            assertThat(count(registry, "jdora.input.received", id, "lossy", "input") + dropped).isEqualTo(2000);
        } finally {
            context.close();
        }
        assertThat(registry.find("jdora.input.received").meters()).as("removed with the context").isEmpty();
        assertThat(registry.find("jdora.output.sent").meters()).isEmpty();
    }

    private static double count(MeterRegistry registry, String name, String runId, String node, String portKey) {
        return registry.get(name).tags("dataflow", "metered", "run", runId, "node", node, portKey, "n")
                .functionCounter().count();
    }
}
