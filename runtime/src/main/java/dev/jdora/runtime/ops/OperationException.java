package dev.jdora.runtime.ops;

/**
 * An operation on a running dataflow that cannot be done: no such run or topic (a user error, with a "did you mean"
 * where one is close), permission denied, or the run did not answer. The message says which, in words.
 */
public final class OperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean userError;

    public OperationException(String message, boolean userError) {
        super(message);
        this.userError = userError;
    }

    public OperationException(String message, Throwable cause) {
        super(message, cause);
        this.userError = false;
    }

    /** True for a mistake of the caller (unknown run or topic, a value that does not fit): exit status 2. */
    public boolean userError() {
        return userError;
    }
}
