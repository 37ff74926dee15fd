package dev.jdora.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.reactor.Output;
import dev.jdora.runtime.internal.LocalRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;

/**
 * A real dataflow in an application: process nodes over shared memory, a function bean node and the application's
 * own node; health going DOWN when a process node is killed; closing the context (the application is started and
 * closed here, not cached by the test framework) leaves no process, no jdora thread and no run directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataflowInApplicationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Function<Flux<Event>, Flux<Output>> doubler() {
            return events -> events.ofType(Event.Input.class)
                    .map(in -> Output.of("doubled", Data.longs(2 * Data.toLongs(in.data())[0])));
        }
    }

    @Test
    void functionBeanOutputsReachTheApplicationHealthFollowsNodesAndClosingLeavesNothing() throws Exception {
        Set<Thread> before = jdoraThreads();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .properties("jdora.dataflow=classpath:flows/processes.yml", "jdora.grace=2s", "jdora.console=false",
                        "jdora.log-dir=target/jdora-test-out")
                .run();
        String runId;
        try {
            ReactiveDataflowRun run = context.getBean(ReactiveDataflowRun.class);
            DataflowHealthIndicator health = context.getBean(DataflowHealthIndicator.class);
            runId = run.id();
            List<Long> doubled = run.receive("doubled", in -> Data.toLongs(in.data())[0]).take(30)
                    .collectList().block(DEADLINE);

            assertThat(doubled).hasSize(30).allMatch(v -> v % 2 == 0);
            for (int i = 1; i < doubled.size(); i++) {
                assertThat(doubled.get(i) - doubled.get(i - 1)).as("nothing lost under backpressure").isEqualTo(2);
            }
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            ProcessHandle victim = nodeProcess(IdleNode.class).orElseThrow();
            victim.destroyForcibly();
            assertThat(pollUntil(() -> health.health().getStatus().equals(Status.DOWN))).isTrue();
            Health down = health.health();
            assertThat(down.getDetails()).containsEntry("node", "victim").containsKey("error");
        } finally {
            context.close(); // stops the dataflow's lifecycle, waiting for the run to end
        }

        assertThat(context.isActive()).isFalse();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("no node process left").isEmpty();
        assertThat(pollUntil(() -> before.containsAll(jdoraThreads())))
                .as("no jdora thread left: %s", jdoraThreads()).isTrue();
        assertThat(LocalRun.runDirectoryBase().resolve(runId)).as("run directory removed").doesNotExist();
    }

    private static Set<Thread> jdoraThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("jdora"))
                .collect(Collectors.toSet());
    }

    /** The node process running {@code nodeClass}. */
    static Optional<ProcessHandle> nodeProcess(Class<?> nodeClass) {
        return processWith(nodeClass.getName());
    }

    /** The node process whose command line has {@code argument} (read from {@code /proc}: it can be long). */
    static Optional<ProcessHandle> processWith(String argument) {
        return ProcessHandle.current().descendants().filter(p -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        StandardCharsets.UTF_8).contains(argument);
            } catch (IOException e) {
                return false; // ended meanwhile
            }
        }).findFirst();
    }

    static boolean pollUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
