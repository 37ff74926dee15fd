package dev.jdora.core.internal;

import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportProvider;
import org.apache.arrow.memory.BufferAllocator;

/** Registers {@link InJvmTransport} as {@code injvm}. */
public final class InJvmTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "injvm";
    }

    @Override
    public Transport create(BufferAllocator allocator) {
        return new InJvmTransport(allocator);
    }
}
