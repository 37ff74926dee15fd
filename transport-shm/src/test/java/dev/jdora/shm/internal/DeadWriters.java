package dev.jdora.shm.internal;

import dev.jdora.core.transport.ChannelId;
import java.nio.file.Path;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.wire.DocumentContext;
import org.apache.arrow.vector.FieldVector;

/** What a writer killed at a chosen point leaves in a channel's files, for tests of the writer that takes over. */
public final class DeadWriters {

    private DeadWriters() {
    }

    /**
     * Appends the next message ({@code seq = committed}) with an inline body, as {@link ShmWriter} does, and stops
     * before publishing {@code committed}: a writer SIGKILLed between its append and its publication.
     *
     * @return the sequence number of the message left behind
     */
    public static long appendWithoutPublishing(Path runDirectory, ChannelId channel, FieldVector data) {
        Path directory = ChannelFiles.channelDirectory(runDirectory, channel);
        ChannelHeader header = ChannelHeader.open(ChannelFiles.header(directory));
        long seq = header.committed();
        MessageEncoder encoder = new MessageEncoder();
        encoder.capture(data);
        try (ChannelQueue queue = ChannelQueue.open(ChannelFiles.queue(directory), header.cycleShift(), () -> seq,
                StoreFileListener.noOp());
             ExcerptAppender appender = queue.chronicle().createAppender();
             DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            encoder.writeDescriptor(out, seq, System.nanoTime(), 1_000_000L + seq, 0, Map.of());
            encoder.writeInlineBody(out);
        }
        return seq;
    }
}
