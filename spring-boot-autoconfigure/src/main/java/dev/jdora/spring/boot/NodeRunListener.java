package dev.jdora.spring.boot;

import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Keeps {@code SpringApplication.run} of an application that is a node from returning until the node has ended: a
 * node's {@code main} returning ends the node process. It waits in the last step of the start-up, once the
 * application is ready (after {@code ApplicationReadyEvent} and the readiness state {@code ACCEPTING_TRAFFIC}), on
 * the thread that runs the application. Does nothing for an application that is not a node with function beans.
 * Registered in {@code META-INF/spring.factories}.
 */
final class NodeRunListener implements SpringApplicationRunListener, Ordered {

    NodeRunListener(SpringApplication application, String[] args) {
        // Spring Boot's constructor contract; neither is needed
    }

    @Override
    public void ready(ConfigurableApplicationContext context, Duration timeTaken) {
        context.getBeanProvider(NodeBinding.class).ifAvailable(binding -> binding.runUntilEnd(context));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after Spring Boot's own listener has published readiness
    }
}
