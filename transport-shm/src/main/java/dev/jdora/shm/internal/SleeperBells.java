package dev.jdora.shm.internal;

import java.lang.invoke.VarHandle;

/**
 * Wakes the sleeping readers of one channel: for each header slot whose {@code asleep} flag is set, takes the flag
 * (exactly one waker wins it) and rings that reader's doorbell. Called by the writer after it publishes a message or
 * ends the channel, and by the daemon when it ends a dead writer's channel.
 *
 * <p>A reader that is awake costs one volatile read of its slot and nothing else. The doorbell of each slot is
 * looked up once and kept, so ringing allocates nothing.
 *
 * <p><b>Threads.</b> Not thread-safe: one instance per caller that serializes its own calls (the writer's lock).
 */
final class SleeperBells {

    private final ChannelHeader header;
    private final Bells bells;
    private final long[] ids;
    private final Bells.Bell[] cached;

    SleeperBells(ChannelHeader header, Bells bells) {
        this.header = header;
        this.bells = bells;
        this.ids = new long[header.slotCount()];
        this.cached = new Bells.Bell[header.slotCount()];
    }

    /** Rings the doorbell of every reader asleep now. The caller published its change with a volatile write. */
    void ringSleepers() {
        for (int i = 0, n = ids.length; i < n; i++) {
            if (header.asleep(i) && header.wakeOnce(i)) {
                bell(i).ring();
            }
        }
    }

    /** As {@link #ringSleepers()}, after a change the caller published with a release write only (the end state). */
    void fenceAndRingSleepers() {
        VarHandle.fullFence();
        ringSleepers();
    }

    private Bells.Bell bell(int slot) {
        long id = header.bell(slot);
        Bells.Bell bell = cached[slot];
        if (bell == null || ids[slot] != id) {
            bell = bells.bell(id);
            cached[slot] = bell;
            ids[slot] = id;
        }
        return bell;
    }
}
