package dev.jdora.cli;

import dev.jdora.core.transport.TransportProvider;
import java.util.ServiceLoader;

/** Which transport {@code jdora run} uses by default: shared memory across processes when it is installed. */
final class Transports {

    static final String SHARED_MEMORY = "shm";
    static final String IN_JVM = "injvm";

    private Transports() {
    }

    static String defaultName() {
        for (TransportProvider provider : ServiceLoader.load(TransportProvider.class)) {
            if (provider.name().equals(SHARED_MEMORY)) {
                return SHARED_MEMORY;
            }
        }
        return IN_JVM;
    }
}
