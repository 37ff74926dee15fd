package dev.jdora.shm;

import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import dev.jdora.core.transport.TransportProvider;
import dev.jdora.shm.internal.ChronicleSetup;

/**
 * Registers the shared-memory transport as {@code shm} (through {@code META-INF/services}). Settings, read from
 * {@link TransportContext#settings()} and validated once (unknown {@code shm.*} keys are errors):
 *
 * <ul>
 *   <li>{@code shm.inPlaceThreshold} (bytes, default 4096): message bodies at least this big are written to the
 *       channel's payload ring and read in place (no copy); smaller ones are copied through the queue.</li>
 *   <li>{@code shm.ringBytes} (default 268435456 = 256 MiB, 64 KiB to 1 GiB): initial size of each channel's payload
 *       ring; it is sparse, so only the memory actually used costs; it is replaced by a bigger ring when one body
 *       does not fit.</li>
 *   <li>{@code shm.maxRingBytes} (default 1073741824 = 1 GiB, 64 KiB to 1 GiB, at least {@code shm.ringBytes}): the
 *       biggest a payload ring grows, so the biggest message body a channel carries; {@code send} of a bigger body
 *       throws {@link IllegalArgumentException} naming node, output, size and limit, and the channel goes on.</li>
 *   <li>{@code shm.messagesPerCycle} (power of two, default 16384): messages per queue file; passed files are
 *       deleted. Fixed by the daemon at declare time for all processes.</li>
 * </ul>
 *
 * The run directory is required: the daemon and every node process must be given the same one.
 *
 * <p>The first use of this transport in a JVM also settles two of Chronicle's process-wide choices (its POSIX binding
 * and its {@code msync} on release; see {@link ChronicleSetup}, and {@code -Djdora.shm.posix=native} to keep
 * Chronicle's own).
 */
public final class ShmTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "shm";
    }

    @Override
    public boolean crossProcess() {
        return true;
    }

    /**
     * Two: a Chronicle queue keeps its metadata file ({@code metadata.cq4t}) and its current cycle file open in every
     * process that appends to or tails it; the header and the payload ring are mapped and their files closed.
     */
    @Override
    public int openFilesPerChannelEnd() {
        return 2;
    }

    @Override
    public Transport create(TransportContext context) {
        ChronicleSetup.ensure();
        return new ShmTransport(context, true);
    }

    @Override
    public Transport attach(TransportContext context) {
        ChronicleSetup.ensure();
        return new ShmTransport(context, false);
    }
}
