package dev.jdora.cluster.internal;

/**
 * The messages of one edge between machines, over one Aeron stream. Each Aeron message is one chunk:
 *
 * <pre>
 * chunk   := flag:byte bytes                       flag: WHOLE, MORE (more chunks follow), LAST
 * message := DATA  hlcNanos:long hlcCounter:int
 *                  paramsLength:int params:JSON     0 bytes when there are none
 *                  schemaLength:int schema          an Arrow IPC schema message; 0 bytes: the previous one
 *                  batch                            an Arrow IPC record batch message: the buffers as they are
 *          | END                                    the output ended normally
 *          | FAILED error:UTF-8                     its node failed
 * </pre>
 *
 * Numbers are little-endian (Agrona's order). A message larger than what Aeron takes in one offer is cut into chunks,
 * sent in order on the one stream.
 */
final class Frames {

    static final byte WHOLE = 0;
    static final byte MORE = 1;
    static final byte LAST = 2;

    static final byte DATA = 1;
    static final byte END = 2;
    static final byte FAILED = 3;

    /** The Aeron channel options of every edge: 4 MiB terms (chunks of up to 512 KiB). */
    static final int TERM_LENGTH = 4 << 20;

    private Frames() {
    }
}
