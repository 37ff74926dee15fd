package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.core.dataflow.Problem;
import dev.jdora.core.internal.Plural;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Loads a dataflow for a command, printing every problem (never a stack trace) on failure. */
final class DataflowFiles {

    private DataflowFiles() {
    }

    static Optional<Dataflow> load(Path file, PrintWriter err) {
        try {
            return Optional.of(Dataflow.load(file));
        } catch (DataflowException e) {
            printProblems(e, err);
            return Optional.empty();
        }
    }

    static void printProblems(DataflowException e, PrintWriter err) {
        printProblems(e.problems(), err);
    }

    static void printProblems(List<Problem> problems, PrintWriter err) {
        for (Problem p : problems) {
            err.println(p);
        }
        err.println(Plural.count(problems.size(), "problem"));
        err.flush();
    }
}
