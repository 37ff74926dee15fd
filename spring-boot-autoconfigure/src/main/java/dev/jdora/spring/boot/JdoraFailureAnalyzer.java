package dev.jdora.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link JdoraStartException} anywhere in a failed start-up's causes into Spring Boot's "APPLICATION FAILED
 * TO START" report: jdora's message as the description, what to do as the action, and no stack trace. Registered in
 * {@code META-INF/spring.factories}; Spring Boot calls it on the thread whose start-up failed.
 */
final class JdoraFailureAnalyzer extends AbstractFailureAnalyzer<JdoraStartException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, JdoraStartException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
