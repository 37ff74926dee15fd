package dev.jdora.shm.internal;

import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.ConsumerWait;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Subscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The channels one process uses: header mappings (one per channel), and the writers and readers it created, so that
 * closing the transport releases them. Thread-safe.
 */
public final class Channels implements AutoCloseable {

    private final Path runDirectory;
    private final ShmSettings settings;
    private final Map<ChannelId, ChannelHeader> headers = new ConcurrentHashMap<>();
    private final List<ShmWriter> writers = new ArrayList<>();
    private final List<ShmReader> readers = new ArrayList<>();
    private final Bells bells;
    private final Map<ChannelId, SleeperBells> enders = new ConcurrentHashMap<>();
    private final List<ConsumerBell> consumerBells = new ArrayList<>();
    private @Nullable Doorbell doorbell;

    public Channels(Path runDirectory, ShmSettings settings) {
        this.runDirectory = runDirectory;
        this.settings = settings;
        this.bells = new Bells(ChannelFiles.root(runDirectory));
    }

    public void declare(ChannelId channel, List<Subscriber> subscribers) {
        Path directory = ChannelFiles.channelDirectory(runDirectory, channel);
        if (Files.exists(ChannelFiles.header(directory))) {
            throw new IllegalStateException("channel " + channel + " is already declared");
        }
        ChannelFiles.createPrivateDirectories(directory);
        ChannelQueue.create(ChannelFiles.queue(directory),
                Integer.numberOfTrailingZeros(settings.messagesPerCycle()));
        headers.put(channel, ChannelHeader.create(ChannelFiles.header(directory), subscribers,
                settings.messagesPerCycle()));
    }

    private ChannelHeader header(ChannelId channel) {
        return headers.computeIfAbsent(channel,
                c -> ChannelHeader.open(ChannelFiles.header(ChannelFiles.channelDirectory(runDirectory, c))));
    }

    public synchronized OutputWriter createWriter(ChannelId channel) {
        ShmWriter writer = new ShmWriter(channel, ChannelFiles.channelDirectory(runDirectory, channel),
                header(channel), settings, bells, doorbell());
        writers.add(writer);
        return writer;
    }

    /**
     * Subscribes {@code subscriberId}; {@code onAvailable} runs on this process's doorbell thread when a writer rings
     * for it (after the reader armed its wake-up).
     */
    public InputReader subscribe(ChannelId channel, String subscriberId, InputOptions options, Runnable onAvailable) {
        return attach(channel, subscriberId, options, onAvailable, doorbell());
    }

    /** A doorbell for one node's consumer thread to wait on (see {@link ConsumerBell}); closed with these channels. */
    public synchronized ConsumerWait openConsumerWait() {
        ChannelFiles.createPrivateDirectories(ChannelFiles.root(runDirectory)); // a run without channels has none yet
        ConsumerBell bell = ConsumerBell.open(ChannelFiles.root(runDirectory));
        consumerBells.add(bell);
        return bell;
    }

    /**
     * Subscribes {@code subscriberId} for the consumer that waits in {@code wait} (from {@link #openConsumerWait()}):
     * a writer's ring wakes that consumer itself.
     */
    public synchronized InputReader subscribe(ChannelId channel, String subscriberId, InputOptions options,
                                              Runnable onAvailable, ConsumerWait wait) {
        if (!(wait instanceof ConsumerBell bell) || !consumerBells.contains(bell)) {
            throw new IllegalArgumentException("not a consumer wait of this transport: " + wait);
        }
        return attach(channel, subscriberId, options, onAvailable, bell);
    }

    private synchronized InputReader attach(ChannelId channel, String subscriberId, InputOptions options,
                                            Runnable onAvailable, ReaderBell bell) {
        ChannelHeader header = header(channel);
        int slot = header.findSlot(subscriberId);
        if (slot < 0) {
            slot = header.claimSpareSlot(subscriberId, options, header.committed());
            if (slot < 0) {
                throw new IllegalStateException("channel " + channel + ": '" + subscriberId
                        + "' was not declared and no spare slot is left");
            }
        } else if (!header.casSlotState(slot, ChannelHeader.DECLARED, ChannelHeader.ATTACHED)) {
            throw new IllegalStateException("channel " + channel + ": '" + subscriberId + "' is already subscribed"
                    + " (or gone)");
        }
        ShmReader reader = new ShmReader(channel, ChannelFiles.channelDirectory(runDirectory, channel), header, slot,
                bell, onAvailable, new WriterWaker(header, bells));
        readers.add(reader);
        return reader;
    }

    /** This process's doorbell, opened with its first writer or reader without a consumer bell. */
    private synchronized Doorbell doorbell() {
        Doorbell d = doorbell;
        if (d == null) {
            d = Doorbell.open(ChannelFiles.root(runDirectory));
            doorbell = d;
        }
        return d;
    }

    /** Ends a dead writer's channel and wakes its sleeping readers so that they see the end. */
    public void end(ChannelId channel, Optional<String> error) {
        if (Files.exists(ChannelFiles.header(ChannelFiles.channelDirectory(runDirectory, channel)))) {
            ChannelHeader header = header(channel);
            if (header.endForDeadWriter(error)) {
                SleeperBells sleepers = enders.computeIfAbsent(channel, c -> new SleeperBells(header, bells));
                synchronized (sleepers) {
                    sleepers.fenceAndRingSleepers();
                }
            }
        }
    }

    public void readerGone(ChannelId channel, String subscriberId) {
        if (!Files.exists(ChannelFiles.header(ChannelFiles.channelDirectory(runDirectory, channel)))) {
            return;
        }
        ChannelHeader header = header(channel);
        int slot = header.findSlot(subscriberId);
        if (slot >= 0) {
            header.setSlotState(slot, ChannelHeader.GONE);
            new WriterWaker(header, bells).wakeWriterIfAsleep(); // it may wait for the gone reader
        }
    }

    /** Keeps the slot of a reader whose process died for its restarted process (see {@link ChannelHeader#prepareResume}). */
    public void readerRestarting(ChannelId channel, String subscriberId) {
        if (!Files.exists(ChannelFiles.header(ChannelFiles.channelDirectory(runDirectory, channel)))) {
            return;
        }
        ChannelHeader header = header(channel);
        int slot = header.findSlot(subscriberId);
        if (slot >= 0 && header.prepareResume(slot)) {
            new WriterWaker(header, bells).wakeWriterIfAsleep(); // what the dead reader held is free again
        }
    }

    /** The next message {@code subscriberId} reads; -1 if unknown. */
    public long position(ChannelId channel, String subscriberId) {
        if (!Files.exists(ChannelFiles.header(ChannelFiles.channelDirectory(runDirectory, channel)))) {
            return -1;
        }
        ChannelHeader header = header(channel);
        int slot = header.findSlot(subscriberId);
        return slot >= 0 ? header.position(slot) : -1;
    }

    /** Messages committed on {@code channel}; -1 if it was not declared. */
    public long committed(ChannelId channel) {
        if (!Files.exists(ChannelFiles.header(ChannelFiles.channelDirectory(runDirectory, channel)))) {
            return -1;
        }
        return header(channel).committed();
    }

    public long dropped(ChannelId channel, String subscriberId) {
        if (!Files.exists(ChannelFiles.header(ChannelFiles.channelDirectory(runDirectory, channel)))) {
            return 0;
        }
        ChannelHeader header = header(channel);
        int slot = header.findSlot(subscriberId);
        return slot >= 0 ? header.dropped(slot) : 0;
    }

    @Override
    public synchronized void close() {
        writers.forEach(ShmWriter::release);
        readers.forEach(ShmReader::close);
        writers.clear();
        readers.clear();
        headers.clear();
        enders.clear();
        bells.close();
        consumerBells.forEach(ConsumerBell::close);
        consumerBells.clear();
        Doorbell d = doorbell;
        doorbell = null;
        if (d != null) {
            d.close();
        }
    }
}
