package dev.jdora.core.transport;

/** The {@link java.util.ServiceLoader} entry point of a transport implementation. */
public interface TransportProvider {

    /** The name used to select it, e.g. {@code injvm} or {@code shm}. */
    String name();

    /** Whether nodes in other processes can use it ({@link #attach}); false for the in-JVM transport. */
    boolean crossProcess();

    /** Creates the transport of one run, on the daemon side. Closing it releases everything it created. */
    Transport create(TransportContext context);

    /**
     * Attaches a node process to the transport the daemon created for its run.
     *
     * @throws UnsupportedOperationException if {@link #crossProcess()} is false
     */
    Transport attach(TransportContext context);
}
