package dev.jdora.shm.internal;

/**
 * What one reader holds of the channel's shared memory: the message it is reading now (its claim) and the in-place
 * messages handed out and not yet released by the application. Publishes the lowest of them in the reader's header
 * slot ({@code held}), which stops the writer from reusing that memory.
 *
 * <p><b>Threads.</b> Thread-safe: the consuming thread claims and holds, any thread releases (an Arrow buffer is
 * closed where the application closes its {@code Input}).
 */
final class HeldSequences {

    private final ChannelHeader header;
    private final int slot;
    private final WriterWaker writer;
    private long claim = Long.MAX_VALUE;
    private long[] seqs = new long[16];
    private boolean[] released = new boolean[16];
    private int head;
    private int count;

    /** @param writer woken when a release may give it the room it waits for */
    HeldSequences(ChannelHeader header, int slot, WriterWaker writer) {
        this.header = header;
        this.slot = slot;
        this.writer = writer;
    }

    /** Marks {@code seq} as being read; a full fence follows (volatile store), so the floor read after it is fresh. */
    synchronized void claim(long seq) {
        claim = seq;
        publish();
    }

    synchronized void unclaim() {
        claim = Long.MAX_VALUE;
        publish();
    }

    /** Records an in-place message handed to the application (sequences arrive in increasing order). */
    synchronized void hold(long seq) {
        if (count == seqs.length) {
            long[] s = new long[count * 2];
            boolean[] r = new boolean[count * 2];
            for (int i = 0; i < count; i++) {
                s[i] = seqs[(head + i) & (count - 1)];
                r[i] = released[(head + i) & (count - 1)];
            }
            seqs = s;
            released = r;
            head = 0;
        }
        int at = (head + count) & (seqs.length - 1);
        seqs[at] = seq;
        released[at] = false;
        count++;
        publish();
    }

    /** The application closed the data of {@code seq}. */
    synchronized void release(long seq) {
        int mask = seqs.length - 1;
        for (int i = 0; i < count; i++) {
            int at = (head + i) & mask;
            if (seqs[at] == seq && !released[at]) {
                released[at] = true;
                break;
            }
        }
        while (count > 0 && released[head]) {
            head = (head + 1) & mask;
            count--;
        }
        publish();
        writer.wakeWriterIfAsleep();
    }

    synchronized int heldCount() {
        return count;
    }

    private void publish() {
        long lowest = count > 0 ? Math.min(claim, seqs[head]) : claim;
        header.setHeld(slot, lowest);
    }
}
