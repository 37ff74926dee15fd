package dev.jdora.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code jdora} health indicator of an application running a dataflow ({@link DataflowHealthIndicator}); off
 * with {@code management.health.jdora.enabled=false}.
 */
@AutoConfiguration(after = JdoraDataflowAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ApplicationDataflow.class)
@ConditionalOnEnabledHealthIndicator("jdora")
public class JdoraHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "jdoraHealthIndicator")
    DataflowHealthIndicator jdoraHealthIndicator(ApplicationDataflow run) {
        return new DataflowHealthIndicator(run);
    }
}
