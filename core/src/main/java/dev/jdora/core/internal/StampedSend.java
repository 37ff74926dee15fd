package dev.jdora.core.internal;

import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.transport.OutputWriter;
import java.util.Map;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;

/**
 * Sends one message on one output with a fresh stamp of the node's clock, handing the stamp to the writer as two
 * primitives: a send without parameters allocates no {@code Timestamp} and no {@code Metadata}.
 *
 * <p><b>Threads.</b> One per output, used only while holding that output's writer monitor (as
 * {@code DefaultNode.send} does), so its two fields belong to the one thread inside. {@link #send} blocks as
 * {@link OutputWriter#send} does.
 */
final class StampedSend implements HybridLogicalClock.TimestampConsumer {

    private final OutputWriter writer;
    private @Nullable ValueVector data;

    StampedSend(OutputWriter writer) {
        this.writer = writer;
    }

    /** Stamps and sends {@code data} with no parameters; the caller holds the writer's monitor. */
    void send(HybridLogicalClock clock, ValueVector data) throws InterruptedException {
        this.data = data;
        try {
            clock.now(this);
        } finally {
            this.data = null;
        }
    }

    @Override
    public void accept(long nanos, int counter) throws InterruptedException {
        ValueVector d = data;
        if (d == null) {
            throw new IllegalStateException("StampedSend called outside send()");
        }
        writer.send(d, nanos, counter, Map.of());
    }
}
