package dev.jdora.core.dataflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the problems of one load so that all of them are reported together. Not thread-safe: one per load.
 */
final class Problems {

    private final Path file;
    private final List<Problem> problems = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    /** Line 1, column 1: for problems that concern the whole file. */
    SourceLocation start() {
        return new SourceLocation(file, 1, 1);
    }

    /** Where a YAML node starts (snakeyaml marks are 0-based, ours 1-based). */
    SourceLocation at(Node node) {
        return node.getStartMark().map(this::at).orElseGet(this::start);
    }

    SourceLocation at(Mark mark) {
        return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    void add(SourceLocation location, String message) {
        problems.add(new Problem(location, message));
    }

    void add(Node node, String message) {
        add(at(node), message);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems by line, then column; equal problems only once. */
    List<Problem> sorted() {
        List<Problem> sorted = new ArrayList<>(new LinkedHashSet<>(problems));
        sorted.sort(Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return sorted;
    }

    /** Throws if any problem was found. */
    void throwIfAny() throws DataflowException {
        if (!problems.isEmpty()) {
            throw new DataflowException(sorted());
        }
    }

    /** A single problem at the start of the file, as an exception. */
    static DataflowException single(Path file, String message) {
        return new DataflowException(List.of(new Problem(new SourceLocation(file, 1, 1), message)));
    }
}
