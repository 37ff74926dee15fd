package dev.jdora.core.transport;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import java.util.Map;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;

/**
 * The message an {@link InputReader} lent with its last {@link InputReader#poll poll}: one reusable holder per reader,
 * refilled by every poll, so that receiving allocates nothing per message.
 *
 * <p><b>Ownership.</b> The reader owns this holder and {@link #data()}. Both are valid until the reader's next
 * {@code poll}, {@link InputReader#release() release} or {@link InputReader#close() close}; the reader may then refill
 * the same vector with the next message. To keep the data longer, transfer its buffers out
 * ({@code data().getTransferPair(allocator).transfer()}, as {@code Event.Input.takeData()} does): the caller owns the
 * vector it got and must close it, and the reader no longer touches those buffers. Closing {@code data()} releases
 * its memory early (the reader allocates afresh for the next message); it is never required.
 *
 * <p><b>Threads.</b> Read on the thread that polled; not thread-safe. {@link #set} is for transports.
 */
public final class Received {

    private @Nullable ValueVector data;
    private long timestampNanos;
    private int timestampCounter;
    private Map<String, Object> parameters = Map.of();
    private @Nullable Metadata metadata;

    /** An empty holder, for a reader to fill. */
    public Received() {
    }

    /**
     * Fills the holder with the next message (transports only).
     *
     * @param parameters already normalized as {@link Metadata} requires ({@code Map.of()} when there are none); not
     *                   copied
     */
    public void set(ValueVector data, long timestampNanos, int timestampCounter,
                    Map<String, Object> parameters) {
        this.data = data;
        this.timestampNanos = timestampNanos;
        this.timestampCounter = timestampCounter;
        this.parameters = parameters;
        this.metadata = null;
    }

    /** Fills the holder from a {@link Metadata} the transport already has (transports only). */
    public void set(ValueVector data, Metadata metadata) {
        set(data, metadata.timestamp().nanos(), metadata.timestamp().counter(), metadata.parameters());
        this.metadata = metadata;
    }

    /** The Arrow array, lent (see the class comment). */
    public ValueVector data() {
        ValueVector d = data;
        if (d == null) {
            throw new IllegalStateException("no message was received into this holder");
        }
        return d;
    }

    /**
     * Moves the data into a new vector that the caller owns and must close (allocated from the lent vector's
     * allocator); the reader never touches it again. Allocates; for consumers that keep data past the next poll.
     */
    public ValueVector takeData() {
        var pair = data().getTransferPair(data().getAllocator());
        pair.transfer();
        return pair.getTo();
    }

    /** The physical part of the producer's timestamp (nanoseconds since the epoch). */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The logical part of the producer's timestamp. */
    public int timestampCounter() {
        return timestampCounter;
    }

    /** The producer's parameters, immutable ({@code Map.of()}, shared, when there are none). */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /**
     * The metadata as the immutable record users get; built on first call per message (two small objects) and then
     * kept, so it stays valid after the next poll.
     */
    public Metadata metadata() {
        Metadata m = metadata;
        if (m == null) {
            m = new Metadata(new Timestamp(timestampNanos, timestampCounter), parameters);
            metadata = m;
        }
        return m;
    }
}
