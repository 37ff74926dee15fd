package dev.jdora.core.transport;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a transport gets from the runtime, on the daemon side ({@link TransportProvider#create}) and in each node
 * process ({@link TransportProvider#attach}).
 *
 * @param allocator    where received data is materialized when it must be; not closed by the transport
 * @param runDirectory the run's private directory (mode 0700): where a shared-memory transport keeps its files; the
 *                     daemon removes it when the run ends
 * @param settings     transport settings ({@code shm.inPlaceThreshold}, …), each documented by its transport
 */
public record TransportContext(BufferAllocator allocator, Optional<Path> runDirectory, Map<String, String> settings) {

    public TransportContext {
        settings = Map.copyOf(settings);
    }

    /** A context with no run directory and no settings (in-JVM use). */
    public static TransportContext of(BufferAllocator allocator) {
        return new TransportContext(allocator, Optional.empty(), Map.of());
    }
}
