package dev.jdora.core.transport;

/** The {@link java.util.ServiceLoader} entry point of a transport implementation. */
public interface TransportProvider {

    /** The name used to select it, e.g. {@code injvm} or {@code shm}. */
    String name();

    /** Whether nodes in other processes can use it ({@link #attach}); false for the in-JVM transport. */
    boolean crossProcess();

    /**
     * About how many files each writer and each reader of a channel keeps open in its process, and the daemon per
     * declared channel, so that a run can refuse up front a dataflow that needs more than the process may open. 0 (the
     * default) for a transport that opens no files.
     */
    default int openFilesPerChannelEnd() {
        return 0;
    }

    /** Creates the transport of one run, on the daemon side. Closing it releases everything it created. */
    Transport create(TransportContext context);

    /**
     * Attaches a node process to the transport the daemon created for its run.
     *
     * @throws UnsupportedOperationException if {@link #crossProcess()} is false
     */
    Transport attach(TransportContext context);
}
