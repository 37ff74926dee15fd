package dev.jdora.core.dataflow;

import java.util.List;

/**
 * A dataflow file could not be loaded: it carries <em>every</em> problem found, not just the first.
 * This is a user error; callers print {@link #problems()} and no stack trace.
 */
public final class DataflowException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public DataflowException(List<Problem> problems) {
        super(format(problems), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a DataflowException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, in file order. Never empty. */
    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        StringBuilder sb = new StringBuilder();
        for (Problem p : problems) {
            if (sb.length() > 0) {
                sb.append(System.lineSeparator());
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
