package dev.jdora.shm.internal;

import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.PosixAPIHolder;

/**
 * Settles, before Chronicle's classes initialise, two of Chronicle's process-wide choices that cost a node process
 * time and buy jdora nothing:
 *
 * <ul>
 *   <li>its POSIX binding: Chronicle's {@code Jvm} loads a jnr-ffi binding eagerly, which generates native call stubs
 *       at run time (about 0.15 CPU-s in every node process before its first event); jdora calls none of it. The
 *       no-op binding is chosen instead, unless {@code -Djdora.shm.posix=native} keeps Chronicle's own choice (for a
 *       node that uses Chronicle's POSIX calls itself) or a binding is loaded already.</li>
 *   <li>{@code mappedFile.defaultSyncMode=NONE} (unless set): by default Chronicle calls {@code msync} on each mapped
 *       queue file it lets go of — through that binding; the queues live in shared memory (or serve only processes of
 *       this machine, which see the same pages), so there is nothing to write back.</li>
 * </ul>
 *
 * <p>Runs once per JVM, from the first use of the shm transport; any thread.
 */
public final class ChronicleSetup {

    static final String POSIX_PROPERTY = "jdora.shm.posix";
    private static final String SYNC_MODE_PROPERTY = "mappedFile.defaultSyncMode";

    static {
        if (System.getProperty(SYNC_MODE_PROPERTY) == null) {
            System.setProperty(SYNC_MODE_PROPERTY, "NONE");
        }
        // never replaces a binding already loaded (Chronicle used by the application before jdora)
        if (!"native".equals(System.getProperty(POSIX_PROPERTY)) && PosixAPIHolder.POSIX_API == null) {
            PosixAPI.useNoOpPosixApi();
        }
    }

    private ChronicleSetup() {
    }

    /** Makes sure the settings above are in place; cheap after the first call. */
    public static void ensure() {
        // the static initialiser did the work
    }
}
