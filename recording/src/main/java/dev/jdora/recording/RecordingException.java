package dev.jdora.recording;

/**
 * A recording cannot be read or made: the directory is not a recording, a file is not Arrow IPC, a node or output
 * named does not exist. The message is meant for the user as it is (it names the file or the node).
 */
public final class RecordingException extends Exception {

    private static final long serialVersionUID = 1L;

    public RecordingException(String message) {
        super(message);
    }

    public RecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
