package dev.jdora.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.NodeMain;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * A dataflow that cannot start fails the application's start-up with Spring Boot's report: jdora's located message as
 * the description, what to do as the action, and no stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdoraFailureAnalyzerTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        /** A node bean that cannot be created (lazy, so only the dataflow's start asks for it). */
        @Bean
        @Lazy
        NodeMain broken() {
            throw new IllegalStateException("no camera attached");
        }
    }

    @Test
    void aDataflowWithMistakesIsReportedByFileLineAndColumnWithoutAStackTrace(CapturedOutput output) {
        assertFailsToStart("classpath:flows/bad.yml");

        assertThat(output).contains("APPLICATION FAILED TO START", "Description:", "jdora.dataflow cannot run:",
                        "bad.yml:6:13: node 'web': input 'tick': unknown source node 'camera'", "bad.yml:7:5: node 'web': unknown key 'queue_sise'",
                        "Action:", "Fix the dataflow classpath:flows/bad.yml")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownBeanIsReportedWithTheBeansThatCouldBeNodes(CapturedOutput output) {
        assertFailsToStart("classpath:flows/unknown-bean.yml");

        assertThat(output).contains("APPLICATION FAILED TO START", "unknown-bean.yml:2:5: node 'worker': bean: ",
                        "no bean named 'noSuchBean'", "Action:")
                .doesNotContain("\tat ");
    }

    @Test
    void aBeanThatCannotBeCreatedIsReportedAtItsNodeWithoutAStackTrace(CapturedOutput output) {
        assertFailsToStart("classpath:flows/broken-bean.yml");

        assertThat(output).contains("APPLICATION FAILED TO START", "broken-bean.yml:3:5: node 'worker': bean: "
                        + "cannot create bean 'broken': no camera attached", "Action:")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingDataflowSaysWhatToSet(CapturedOutput output) {
        assertFailsToStart("classpath:flows/missing.yml");

        assertThat(output).contains("jdora.dataflow: no such resource 'classpath:flows/missing.yml'",
                "Set jdora.dataflow to the dataflow YAML").doesNotContain("\tat ");
    }

    private static void assertFailsToStart(String dataflow) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).properties("jdora.dataflow=" + dataflow, "jdora.console=false",
                        "jdora.log-dir=target/jdora-test-out").run())
                .hasRootCauseInstanceOf(JdoraStartException.class);
    }
}
