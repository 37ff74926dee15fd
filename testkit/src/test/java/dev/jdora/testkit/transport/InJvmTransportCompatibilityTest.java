package dev.jdora.testkit.transport;

import dev.jdora.core.internal.InJvmTransport;
import dev.jdora.core.transport.Transport;
import org.apache.arrow.memory.BufferAllocator;

/** The reference transport passes the kit. */
class InJvmTransportCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected Transport newTransport(BufferAllocator allocator) {
        return new InJvmTransport(allocator);
    }
}
