package dev.jdora.spring.boot;

import dev.jdora.reactor.ReactorNode;
import dev.jdora.runtime.DataflowRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A dataflow inside the application: with {@code jdora.dataflow=classpath:pipeline.yml} the dataflow starts with the
 * application context and stops with it ({@link DataflowLifecycle}). Its nodes are processes and classes as with
 * {@code jdora run}, or beans of this application ({@code bean: name}, each a thread of it); the node written
 * {@code bean: application} is the application itself, which reads and sends through the {@link ReactiveDataflowRun}
 * bean. A {@code ReactiveDataflowRun} bean of the application's own replaces the run and its lifecycle. Its meters:
 * {@link JdoraMetricsAutoConfiguration}.
 */
@AutoConfiguration
@ConditionalOnClass({DataflowRunner.class, ReactorNode.class})
@ConditionalOnProperty(prefix = "jdora", name = "dataflow")
@EnableConfigurationProperties(JdoraProperties.class)
public class JdoraDataflowAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ReactiveDataflowRun.class)
    ApplicationDataflow jdoraDataflowRun(JdoraProperties properties, ConfigurableApplicationContext context) {
        return new ApplicationDataflow(properties, context, context.getBeanFactory());
    }

    @Bean
    @ConditionalOnBean(ApplicationDataflow.class)
    DataflowLifecycle jdoraDataflowLifecycle(ApplicationDataflow run) {
        return new DataflowLifecycle(run);
    }
}
