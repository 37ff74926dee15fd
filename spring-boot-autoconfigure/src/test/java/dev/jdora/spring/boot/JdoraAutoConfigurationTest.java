package dev.jdora.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.reactor.Output;
import dev.jdora.reactor.ReactorNode;
import dev.jdora.testkit.NodeOutcome;
import dev.jdora.testkit.NodeTestHarness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/** Every condition of the auto-configuration, with {@link ApplicationContextRunner}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdoraAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JdoraNodeAutoConfiguration.class,
                    JdoraDataflowAutoConfiguration.class, JdoraHealthAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class OneFunction {
        @Bean
        Function<Flux<Event>, Flux<Output>> upper() {
            return events -> Flux.empty();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoFunctions extends OneFunction {
        @Bean
        Consumer<Flux<Event>> log() {
            return events -> events.subscribe();
        }

        @Bean
        Function<String, String> notANode() {
            return s -> s;
        }
    }

    @Test
    void withoutAJdoraEnvironmentTheApplicationStartsAsUsual() {
        runner.withUserConfiguration(OneFunction.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Node.class).doesNotHaveBean(ReactorNode.class)
                    .doesNotHaveBean(ReactiveDataflowRun.class).doesNotHaveBean(HealthIndicator.class)
                    .hasBean("jdoraNotANode");
        });
    }

    @Test
    void inANodeEnvironmentTheNodeBeansAreThereAndTheSingleFunctionIsBound() throws Exception {
        onNodeThread(() -> runner.withUserConfiguration(OneFunction.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Node.class).hasSingleBean(ReactorNode.class)
                    .doesNotHaveBean("jdoraNotANode");
            assertThat(context.getBean(NodeBinding.class).isRunning()).isTrue();
        }));
    }

    @Test
    void severalCandidateFunctionsFailTheStartNamingThem() throws Exception {
        onNodeThread(() -> runner.withUserConfiguration(TwoFunctions.class).run(context -> {
            assertThat(context).getFailure().rootCause()
                    .hasMessageContaining("2 beans could be this node's function: [upper, log]")
                    .hasMessageContaining("jdora.node.functions");
            FailureAnalysis analysis = new JdoraFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("[upper, log]");
            assertThat(analysis.getAction()).isEqualTo("Set jdora.node.functions to the names of the beans to bind "
                    + "to the node (comma-separated), among: [upper, log].");
        }));
    }

    @Test
    void jdoraNodeFunctionsChoosesAmongThem() throws Exception {
        onNodeThread(() -> runner.withUserConfiguration(TwoFunctions.class)
                .withPropertyValues("jdora.node.functions=log").run(context -> assertThat(context).hasNotFailed()));
    }

    @Test
    void userDefinedBeansReplaceTheDefaults() throws Exception {
        onNodeThread(() -> runner.withUserConfiguration(OneFunction.class)
                .withBean("myReactorNode", ReactorNode.class, () -> ReactorNode.of(Node.fromEnv()))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ReactorNode.class)
                        .hasBean("myReactorNode").doesNotHaveBean(Node.class)));
        runner.withPropertyValues("jdora.dataflow=classpath:flows/in-jvm.yml", "jdora.transport=injvm",
                        "jdora.console=false", "jdora.log-dir=target/jdora-test-out")
                .withBean("jdoraHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DataflowHealthIndicator.class));
    }

    @Test
    void aDataflowPropertyRunsTheDataflowWithTheContext() throws Exception {
        AtomicReference<ReactiveDataflowRun> run = new AtomicReference<>();
        runner.withPropertyValues("jdora.dataflow=classpath:flows/in-jvm.yml", "jdora.transport=injvm",
                        "jdora.console=false", "jdora.log-dir=target/jdora-test-out")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ReactiveDataflowRun.class)
                            .hasSingleBean(DataflowHealthIndicator.class).doesNotHaveBean(Node.class);
                    run.set(context.getBean(ReactiveDataflowRun.class));
                    List<String> ticks = run.get().receive("tick", in -> in.id()).take(2).collectList()
                            .block(Duration.ofSeconds(30));
                    assertThat(ticks).containsExactly("tick", "tick");
                    assertThat(context.getBean(DataflowHealthIndicator.class).health().getStatus().getCode())
                            .isEqualTo("UP");
                });
        assertThat(run.get().await(Duration.ofSeconds(30))).as("the run ended with the context")
                .hasValueSatisfying(result -> assertThat(result.succeeded()).isTrue());
    }

    @Test
    void metersAndObservationsComeWithMicrometerAndBackOffWithoutIt() {
        ApplicationContextRunner dataflow = runner
                .withConfiguration(AutoConfigurations.of(JdoraMetricsAutoConfiguration.class))
                .withPropertyValues("jdora.dataflow=classpath:flows/in-jvm.yml", "jdora.transport=injvm",
                        "jdora.console=false", "jdora.log-dir=target/jdora-test-out")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new);
        dataflow.run(context -> {
            assertThat(context).hasNotFailed().hasBean("jdoraMeters").hasSingleBean(InputObserver.class)
                    .doesNotHaveBean("jdoraNodeMeters");
            String runId = context.getBean(ReactiveDataflowRun.class).id();
            assertThat(context.getBean(MeterRegistry.class).find("jdora.input.received").tag("run", runId)
                    .tag("node", "web").functionCounter()).as("bound once the run started").isNotNull();
        });
        dataflow.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean("jdoraMeters").doesNotHaveBean(InputObserver.class));
    }

    @Test
    void aDataflowThatCannotRunFailsTheStartWithItsProblems() {
        runner.withPropertyValues("jdora.dataflow=classpath:flows/missing.yml").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("jdora.dataflow: no such resource 'classpath:flows/missing.yml'"));
    }

    @Test
    void theConfigurationMetadataListsEveryKey() throws Exception {
        String json = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
        for (String key : List.of("jdora.dataflow", "jdora.grace", "jdora.transport", "jdora.log-dir",
                "jdora.console", "jdora.node.functions")) {
            assertThat(json).contains("\"name\": \"" + key + "\"");
        }
    }

    /** Runs {@code body} on a node thread of the test harness, where {@code Node.fromEnv()} finds the node. */
    private static void onNodeThread(Runnable body) throws Exception {
        OnNodeThread.body = body;
        try (NodeTestHarness h = NodeTestHarness.forNode("app").input("in").output("upper").build()) {
            h.startMain(OnNodeThread.class);
            NodeOutcome outcome = h.awaitTermination(Duration.ofSeconds(30));
            if (outcome instanceof NodeOutcome.Failed failed && failed.error() instanceof AssertionError error) {
                throw error;
            }
            assertThat(outcome.isCompleted()).as("the body on the node thread ended: " + outcome).isTrue();
        }
    }

    /** A {@code main} for the harness's node thread. */
    public static final class OnNodeThread {
        static volatile Runnable body = () -> { };

        public static void main(String[] args) {
            body.run();
        }
    }
}
