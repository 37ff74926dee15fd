package dev.jdora.runtime;

import dev.jdora.core.dataflow.SourceLocation;
import java.util.OptionalInt;

/**
 * A {@code build:} command of a dataflow failed: it exited with a non-zero status, or could not be started. Its
 * message names the node (and operator), the command and the status, e.g. {@code node 'camera': build command 'mvn
 * -q package' exited with status 1}.
 */
public final class BuildFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SourceLocation location;
    private final String command;
    private final OptionalInt exitStatus;

    /**
     * @param location   where the {@code build:} is written
     * @param message    names the node, the command and what happened
     * @param command    the command line as written
     * @param exitStatus its exit status, or empty if it could not be started
     */
    public BuildFailedException(SourceLocation location, String message, String command, OptionalInt exitStatus) {
        super(message);
        this.location = location;
        this.command = command;
        this.exitStatus = exitStatus;
    }

    /** Where the failed {@code build:} is written. */
    public SourceLocation location() {
        return location;
    }

    /** The command line as written. */
    public String command() {
        return command;
    }

    /** Its exit status; empty if it could not be started. */
    public OptionalInt exitStatus() {
        return exitStatus;
    }
}
