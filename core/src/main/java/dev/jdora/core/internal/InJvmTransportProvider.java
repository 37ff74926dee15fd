package dev.jdora.core.internal;

import dev.jdora.core.transport.Transport;
import dev.jdora.core.transport.TransportContext;
import dev.jdora.core.transport.TransportProvider;

/** Registers {@link InJvmTransport} as {@code injvm}: every node a thread of the daemon's JVM. */
public final class InJvmTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "injvm";
    }

    @Override
    public boolean crossProcess() {
        return false;
    }

    @Override
    public Transport create(TransportContext context) {
        return new InJvmTransport(context.allocator());
    }

    @Override
    public Transport attach(TransportContext context) {
        throw new UnsupportedOperationException("the in-JVM transport cannot be used from another process");
    }
}
