package dev.jdora.runtime.ops;

/**
 * An operation on a running dataflow that cannot be done: no such run or topic (a user error, with a "did you mean"
 * where one is close), permission denied, the run has ended, or it did not answer in time. The message says which, in
 * words.
 */
public final class OperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean userError;
    private final boolean notAnswering;

    public OperationException(String message, boolean userError) {
        super(message);
        this.userError = userError;
        this.notAnswering = false;
    }

    public OperationException(String message, Throwable cause) {
        super(message, cause);
        this.userError = false;
        this.notAnswering = false;
    }

    private OperationException(String message) {
        super(message);
        this.userError = false;
        this.notAnswering = true;
    }

    /**
     * The run is alive but did not answer in time (its process is stopped — Ctrl-Z, SIGSTOP — or overloaded): not a
     * user error; {@link #notAnswering()} tells it from the others.
     */
    public static OperationException notAnswering(String message) {
        return new OperationException(message);
    }

    /** True if the run did not answer in time (see {@link #notAnswering(String)}). */
    public boolean notAnswering() {
        return notAnswering;
    }

    /** True for a mistake of the caller (unknown run or topic, a value that does not fit): exit status 2. */
    public boolean userError() {
        return userError;
    }
}
