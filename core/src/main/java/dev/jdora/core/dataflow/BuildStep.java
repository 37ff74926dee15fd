package dev.jdora.core.dataflow;

import java.util.List;

/**
 * One command of a node's or an operator's {@code build:}, which {@code jdora build} and {@code jdora run --build}
 * run before the dataflow starts. As in dora, every non-blank line of {@code build:} is a command of its own, split
 * into words like {@code args:} (whitespace separates words, quotes group them) and started directly: no shell, so
 * nothing in it is expanded, piped or redirected (write {@code sh -c '...'} for that).
 *
 * @param line     the line as written
 * @param command  the program and its arguments; never empty
 * @param location where the {@code build:} value is written
 */
public record BuildStep(String line, List<String> command, SourceLocation location) {

    public BuildStep {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a build step needs a program");
        }
    }
}
