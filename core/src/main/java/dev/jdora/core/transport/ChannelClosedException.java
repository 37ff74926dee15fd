package dev.jdora.core.transport;

/**
 * Thrown by {@link OutputWriter#send} because the writer or its channel was closed (the node ended, the run is
 * ending, or the runtime ended the channel of a node it considers gone). It is the only failure of {@code send} that
 * means "ended": callers that treat an end as normal catch this type, never its supertype, so that a real failure
 * (which may also be an {@link IllegalStateException}) is never mistaken for an end.
 */
public final class ChannelClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message names the channel and says why it is closed */
    public ChannelClosedException(String message) {
        super(message);
    }
}
