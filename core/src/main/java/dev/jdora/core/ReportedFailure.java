package dev.jdora.core;

import java.util.Optional;

/**
 * A failure that has already been reported to the user in full where it happened — for example Spring Boot's
 * "APPLICATION FAILED TO START" report of a node that is a Spring application, which says what is wrong and what to
 * do. Implemented by exceptions. The runtime that catches an exception carrying one in its cause chain prints the first
 * line of its message instead of a stack trace, and still counts the node as failed.
 */
public interface ReportedFailure {

    /** The full description, as reported; its first line is the reason the runtime repeats. */
    String getMessage();

    /** The first {@code ReportedFailure} in {@code failure}'s cause chain (itself included), if any. */
    static Optional<ReportedFailure> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ReportedFailure reported) {
                return Optional.of(reported);
            }
        }
        return Optional.empty();
    }

    /** The first line of {@code reported}'s message. */
    static String reason(ReportedFailure reported) {
        String message = String.valueOf(reported.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}
