package dev.jdora.spring.boot;

import dev.jdora.core.ReportedFailure;

/**
 * A user's mistake that keeps jdora from starting with the application: a dataflow that cannot run (each problem as
 * {@code file:line:column: message}, naming the node and field), a missing dataflow resource, or function beans that do
 * not say which node they are. Its message is the whole description, and it says what to do; Spring Boot prints both
 * without a stack trace ({@link JdoraFailureAnalyzer}); in a node process, the node then fails with its first line
 * and no stack trace either ({@link ReportedFailure}).
 */
final class JdoraStartException extends IllegalStateException implements ReportedFailure {

    private final String action;

    JdoraStartException(String description, String action) {
        super(description);
        this.action = action;
    }

    /** What the user should do about it. */
    String action() {
        return action;
    }
}
