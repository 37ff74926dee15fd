package dev.jdora.shm;

import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.ConsumerWait;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Subscriber;
import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import dev.jdora.shm.internal.ChannelFiles;
import dev.jdora.shm.internal.Channels;
import dev.jdora.shm.internal.ShmSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The shared-memory transport of one run, on the daemon side ({@link ShmTransportProvider#create}) or in a node
 * process ({@link ShmTransportProvider#attach}). Every channel is a directory under the run directory holding a
 * Chronicle queue with one writer, a payload ring for large bodies, and a header with the writer's progress and one
 * slot per declared reader (see {@code dev.jdora.shm.internal.ChannelHeader}).
 *
 * <p><b>Lifecycle.</b> The daemon {@linkplain #declare declares} each channel before nodes start; node processes
 * attach and create writers and readers; when a node process dies the daemon calls {@link #endChannel} for each of its
 * outputs and {@link #subscriberGone} for each of its inputs. Closing the daemon's transport deletes every channel's
 * files; closing a node's transport releases its mappings (in-place data the node still holds stays valid until it is
 * closed) without ending its channels.
 *
 * <p><b>Waking.</b> A reader's writer may be in another process, so it cannot call {@code onAvailable} directly:
 * {@link InputReader#needsPolling()} is true, and a consumer that wants to wait first
 * {@linkplain InputReader#armWakeup() arms} its readers; a writer then rings the doorbell of this process (see
 * {@code dev.jdora.shm.internal.Doorbell}), whose thread runs the readers' {@code onAvailable}.
 *
 * <p><b>Threads.</b> Thread-safe.
 */
public final class ShmTransport implements Transport {

    private final Path runDirectory;
    private final boolean daemon;
    /** {@code -Djdora.shm.consumerBell=off}: node consumers are woken through the process's doorbell thread. */
    static final String CONSUMER_BELL_PROPERTY = "jdora.shm.consumerBell";

    private final Channels channels;

    ShmTransport(TransportContext context, boolean daemon) {
        this.runDirectory = context.runDirectory().orElseThrow(() -> new IllegalArgumentException(
                "the shm transport needs a run directory (TransportContext.runDirectory)"));
        this.daemon = daemon;
        this.channels = new Channels(runDirectory, ShmSettings.from(context.settings()));
    }

    @Override
    public void declare(ChannelId channel, List<Subscriber> subscribers) {
        if (!daemon) {
            throw new IllegalStateException("channels are declared by the daemon, not by a node process");
        }
        channels.declare(channel, subscribers);
    }

    @Override
    public OutputWriter createOutput(ChannelId channel) {
        return channels.createWriter(channel);
    }

    /**
     * Subscribes the declared input {@code subscriberId}, or an undeclared one in a spare slot (it then reads what is
     * sent from now on). {@code onAvailable} runs on this process's doorbell thread when a writer wakes the reader,
     * which it does only while the reader's wake-up is {@linkplain InputReader#armWakeup() armed}.
     */
    @Override
    public InputReader subscribe(ChannelId channel, String subscriberId, InputOptions options, Runnable onAvailable) {
        return channels.subscribe(channel, subscriberId, options, onAvailable);
    }

    /**
     * A doorbell of the node's own ({@code bell-<id>} in the run's {@code shm/} directory) that its consumer thread
     * waits on: a writer in another process that rings it wakes that thread directly.
     */
    @Override
    public Optional<ConsumerWait> openConsumerWait() {
        if ("off".equals(System.getProperty(CONSUMER_BELL_PROPERTY))) {
            return Optional.empty(); // woken through the process's doorbell thread, as operator hosts are
        }
        return Optional.of(channels.openConsumerWait());
    }

    /** As {@link #subscribe(ChannelId, String, InputOptions, Runnable)}, the writer's ring waking {@code wait}. */
    @Override
    public InputReader subscribe(ChannelId channel, String subscriberId, InputOptions options, Runnable onAvailable,
                                 ConsumerWait wait) {
        return channels.subscribe(channel, subscriberId, options, onAvailable, wait);
    }

    @Override
    public void endChannel(ChannelId channel, Optional<String> error) {
        channels.end(channel, error);
    }

    /**
     * Forgets a reader whose process is gone: the writer no longer waits for it nor keeps memory it held. Called by
     * the daemon when a node process exits, for each of its inputs. No-op for an unknown channel or subscriber.
     */
    @Override
    public void subscriberGone(ChannelId channel, String subscriberId) {
        channels.readerGone(channel, subscriberId);
    }

    /**
     * Prepares the subscriber's slot for its restarted process: it resumes at the first message the dead process had
     * not finished (delivered again with the parameter {@code redelivered = true}), or where it had read to; the
     * writer waits for it meanwhile ({@code backpressure}).
     */
    @Override
    public void subscriberRestarting(ChannelId channel, String subscriberId) {
        channels.readerRestarting(channel, subscriberId);
    }

    /** The subscriber's position in its slot: the next message it reads. */
    @Override
    public long readPosition(ChannelId channel, String subscriberId) {
        return channels.position(channel, subscriberId);
    }

    /** The drops a subscriber's slot records (it may be in another process). 0 for an unknown subscriber. */
    @Override
    public long droppedCount(ChannelId channel, String subscriberId) {
        return channels.dropped(channel, subscriberId);
    }

    /** The header's count of committed messages; -1 for a channel that was not declared. */
    @Override
    public long messagesSent(ChannelId channel) {
        return channels.committed(channel);
    }

    /** Releases this process's writers and readers; on the daemon side also deletes every channel's files. */
    @Override
    public void close() {
        channels.close();
        if (daemon) {
            ChannelFiles.deleteRecursively(ChannelFiles.root(runDirectory));
        }
    }
}
