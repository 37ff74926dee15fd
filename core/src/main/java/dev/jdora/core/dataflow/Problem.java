package dev.jdora.core.dataflow;

/**
 * One mistake found in a dataflow file.
 *
 * @param location where it was found
 * @param message  what is wrong, naming the node and field (e.g. {@code node 'sink': input 'frames': ...})
 */
public record Problem(SourceLocation location, String message) {

    /** {@code file:line:column: message}, the format {@code jdora check} prints. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
