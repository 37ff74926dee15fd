package dev.jdora.shm.internal;

import org.jspecify.annotations.Nullable;

/**
 * Wakes a channel's writer that sleeps waiting for its readers (see {@link WriterSleep}). Called by a reader after it
 * published progress with a volatile write (its position, what it holds, its slot closed), and by the daemon after it
 * forgot a dead reader. A writer that is not asleep costs one volatile read of the header line the reader reads
 * anyway.
 *
 * <p><b>Threads.</b> Thread-safe.
 */
final class WriterWaker {

    private final ChannelHeader header;
    private final Bells bells;
    private long cachedId;
    private Bells.@Nullable Bell cached;

    WriterWaker(ChannelHeader header, Bells bells) {
        this.header = header;
        this.bells = bells;
    }

    /** Rings the writer's doorbell if the writer sleeps; exactly one caller rings per sleep. */
    void wakeWriterIfAsleep() {
        if (header.writerAsleep() && header.wakeWriterOnce()) {
            bell().ring();
        }
    }

    private synchronized Bells.Bell bell() {
        long id = header.writerBell();
        Bells.Bell bell = cached;
        if (bell == null || cachedId != id) {
            bell = bells.bell(id);
            cached = bell;
            cachedId = id;
        }
        return bell;
    }
}
