package dev.jdora.spring.boot;

import dev.jdora.core.internal.process.NodeConfig;
import dev.jdora.core.internal.process.ProcessNodeEnvironment;
import dev.jdora.micrometer.JdoraMetrics;
import dev.jdora.micrometer.JdoraObservations;
import dev.jdora.runtime.DataflowRun;
import dev.jdora.runtime.stats.RunStatistics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * jdora's meters ({@code jdora.input.received}, {@code jdora.input.dropped}, … with the tags {@code dataflow},
 * {@code run}, {@code node}, {@code input}/{@code output}; see {@link JdoraMetrics}) in the application's
 * {@link MeterRegistry}, when {@code jdora-micrometer} and Micrometer are on the class path: for every node of the
 * dataflow the application runs ({@code jdora.dataflow}), or for the node the application is when {@code jdora run}
 * started it as a node process. They are registered once the run has started and removed when the context closes.
 * With an {@link ObservationRegistry} too, the handling of each input by function beans and by the application's own
 * node ({@code receive}) is observed ({@code jdora.input}, continuing the sender's trace; see
 * {@link JdoraObservations}).
 */
@AutoConfiguration(after = {JdoraDataflowAutoConfiguration.class, JdoraNodeAutoConfiguration.class})
@ConditionalOnClass({JdoraMetrics.class, MeterRegistry.class})
public class JdoraMetricsAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(JdoraMetricsAutoConfiguration.class);

    /** The meters of every node of the application's dataflow. */
    @Bean
    @ConditionalOnBean(ApplicationDataflow.class)
    @ConditionalOnMissingBean(name = "jdoraMeters")
    MetersLifecycle jdoraMeters(ApplicationDataflow dataflow, ObjectProvider<MeterRegistry> registry) {
        return new MetersLifecycle(() -> dataflow.current().map(DataflowRun::statistics).map(JdoraMetrics::forRun),
                registry);
    }

    /** The meters of the node this application is, in a node process (a node thread has no statistics to open). */
    @Bean
    @ConditionalOnNodeEnvironment
    @ConditionalOnMissingBean(name = "jdoraNodeMeters")
    MetersLifecycle jdoraNodeMeters(ObjectProvider<MeterRegistry> registry) {
        return new MetersLifecycle(JdoraMetricsAutoConfiguration::thisNodeProcess, registry);
    }

    /** Observations of handling each input ({@code jdora.input}), continuing the sender's trace. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    static class ObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        InputObserver jdoraInputObserver(ObjectProvider<ObservationRegistry> registry) {
            return (nodeId, input, handling) -> JdoraObservations.observe(
                    registry.getIfAvailable(() -> ObservationRegistry.NOOP), nodeId, input, handling);
        }
    }

    /** This node process's meters, read from the statistics the daemon keeps in the run directory. */
    private static Optional<JdoraMetrics> thisNodeProcess() {
        String file = System.getenv(NodeConfig.ENV);
        if (!ProcessNodeEnvironment.isNodeProcess() || file == null) {
            return Optional.empty();
        }
        try {
            NodeConfig config = NodeConfig.read(Path.of(file));
            return Optional.of(JdoraMetrics.forNode(RunStatistics.open(config.runDirectory()), config.nodeId()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("jdora: no meters for this node: its statistics cannot be read ({})", e.getMessage());
            return Optional.empty();
        }
    }
}
