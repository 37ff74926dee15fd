package dev.jdora.spring.boot;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.micrometer.JdoraObservations;
import dev.jdora.reactor.Output;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;

/**
 * With an {@link ObservationRegistry} in the application, a function bean's and the application node's handling of
 * each input is a {@code jdora.input} observation (which continues the sender's trace; see {@link JdoraObservations}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InputObservationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ObservationRegistry observations() {
            return TestObservationRegistry.create();
        }

        @Bean
        Function<Flux<Event>, Flux<Output>> doubler() {
            return events -> events.ofType(Event.Input.class)
                    .map(in -> Output.of("doubled", Data.longs(2 * Data.toLongs(in.data())[0])));
        }
    }

    @Test
    void eachInputIsHandledWithinAnObservation() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .properties("jdora.dataflow=classpath:flows/observed.yml", "jdora.transport=injvm",
                        "jdora.console=false", "jdora.log-dir=target/jdora-test-out")
                .run()) {
            List<Long> doubled = context.getBean(ReactiveDataflowRun.class)
                    .receive("doubled", in -> Data.toLongs(in.data())[0]).take(3).collectList()
                    .block(Duration.ofSeconds(30));
            assertThat(doubled).hasSize(3);

            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(JdoraObservations.INPUT)
                            .hasLowCardinalityKeyValue("node", "doubler").hasLowCardinalityKeyValue("input", "n")
                            )
                    .hasAnObservation(o -> o.hasNameEqualTo(JdoraObservations.INPUT)
                            .hasLowCardinalityKeyValue("node", "web").hasLowCardinalityKeyValue("input", "doubled")
                            );
        }
    }
}
