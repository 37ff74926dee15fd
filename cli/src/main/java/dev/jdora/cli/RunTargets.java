package dev.jdora.cli;

import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the commands that operate running dataflows share: the operations they go through (the local runs of this
 * user, or a coordinator's with {@code --coordinator}), the names of runs, and how a failed operation is reported (one line; exit status 2 for
 * a user error such as an unknown dataflow or output, 1 otherwise).
 */
final class RunTargets {

    /** The exit status of an operation that failed for another reason than a user error. */
    static final int FAILED = 1;

    private RunTargets() {
    }

    static DataflowOperations operations() {
        return DataflowOperations.local();
    }

    /** Reports {@code e} on {@code err}; returns the exit status. */
    static int report(OperationException e, PrintWriter err) {
        err.println("error: " + e.getMessage());
        err.flush();
        return e.userError() ? Main.USER_ERROR : FAILED;
    }

    /**
     * The name of a new run: {@code given} if no live run has it, else empty after saying so; without one, the
     * dataflow file's name (without {@code .yml}), then {@code name-2}, {@code name-3}… A name is letters, digits,
     * {@code _}, {@code -} and {@code .}.
     */
    static Optional<String> newName(Optional<String> given, Path file, PrintWriter err) {
        return newName(operations(), given, file, err);
    }

    /** As {@link #newName(Optional, Path, PrintWriter)}, among the runs of {@code ops}. */
    static Optional<String> newName(DataflowOperations ops, Optional<String> given, Path file, PrintWriter err) {
        List<String> taken = ops.runs().stream().map(r -> r.name()).toList();
        if (given.isPresent()) {
            String name = given.get();
            if (!name.matches("[A-Za-z0-9_.-]{1,63}")) {
                err.println("error: bad --name '" + name + "': use 1 to 63 letters, digits, '_', '-' or '.'");
                return Optional.empty();
            }
            if (taken.contains(name)) {
                err.println("error: a dataflow named '" + name + "' is running already: choose another --name, or "
                        + "stop it with 'jdora stop " + name + "'");
                return Optional.empty();
            }
            return given;
        }
        String stem = Dataflow.stem(file).replaceAll("[^A-Za-z0-9_.-]", "-");
        String name = stem;
        for (int i = 2; taken.contains(name); i++) {
            name = stem + "-" + i;
        }
        return Optional.of(name);
    }
}
