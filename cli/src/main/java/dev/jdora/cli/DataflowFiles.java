package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.DataflowException;
import dev.jdora.core.dataflow.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        for (Problem p : e.problems()) {
            err.println(p);
        }
        err.println(e.problems().size() == 1 ? "1 problem" : e.problems().size() + " problems");
        err.flush();
    }
}
