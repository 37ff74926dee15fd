package dev.jdora.core.transport;

import org.apache.arrow.memory.BufferAllocator;

/** The {@link java.util.ServiceLoader} entry point of a transport implementation. */
public interface TransportProvider {

    /** The name used to select it, e.g. {@code injvm} or {@code shm}. */
    String name();

    /**
     * Creates a transport for one run.
     *
     * @param allocator the allocator messages are copied into; the transport does not close it
     */
    Transport create(BufferAllocator allocator);
}
