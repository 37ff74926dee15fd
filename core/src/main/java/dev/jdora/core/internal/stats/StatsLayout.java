package dev.jdora.core.internal.stats;

import java.nio.file.Path;

/**
 * The binary layout of a node's statistics file (native byte order, every counter 8-byte aligned):
 *
 * <pre>
 *   0                   8        12       16        20        24
 *   +-------------------+--------+--------+---------+---------+
 *   | magic "JDSTATS1"  | version| inputs | outputs | names   |
 *   +-------------------+--------+--------+---------+---------+
 *  24 | pid of the writing process (0 until attached)           |
 *  32 | state: 0 created, 1 running, 2 finished, 3 failed       |
 *  40 | reserved, to 64                                          |
 *  64 | names, UTF-8 ({@link StatsDescription#encode()})         |
 *     | padding to a multiple of 64                              |
 *   C | input 0: received | dropped | latency sum ns | max ns   |
 *     |          bucket 0 .. bucket {@value #BUCKETS}-1 (counts) |
 *     |          padding to a multiple of 64                     |
 *     | input 1 ...                                              |
 *     | output 0: sent | bytes | padding to 64                  |
 *     | output 1 ...                                             |
 *     +----------------------------------------------------------+
 * </pre>
 * Blocks are 64-byte aligned so that the counters of an input (its consumer thread) and of an output (its sending
 * thread) never share a cache line. Stateless.
 */
public final class StatsLayout {

    /** "JDSTATS1" as a long. */
    static final long MAGIC = 0x4A44535441545331L;
    static final int VERSION = 1;
    static final int VERSION_OFFSET = 8;
    static final int INPUTS_OFFSET = 12;
    static final int OUTPUTS_OFFSET = 16;
    static final int NAMES_LENGTH_OFFSET = 20;
    static final int PID_OFFSET = 24;
    static final int STATE_OFFSET = 32;
    static final int NAMES_OFFSET = 64;

    /** Sub-buckets per power of two, as a number of bits: 8 buckets, values within 12.5 %. */
    static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    /** Values at or above 2^40 ns (18 minutes) all go to the last bucket. */
    static final int MAX_EXPONENT = 40;
    /** Buckets per input: exact below 8, then 8 per power of two, then one for everything larger. */
    public static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 1) * SUB + 1;

    static final int RECEIVED = 0;
    static final int DROPPED = 8;
    static final int LATENCY_SUM = 16;
    static final int LATENCY_MAX = 24;
    static final int FIRST_BUCKET = 32;
    static final int INPUT_BLOCK = align(FIRST_BUCKET + 8 * BUCKETS);
    static final int SENT = 0;
    static final int BYTES = 8;
    static final int OUTPUT_BLOCK = 64;

    /** The file of node {@code nodeId} in run directory {@code runDirectory}. */
    public static Path fileOf(Path runDirectory, String nodeId) {
        return directoryOf(runDirectory).resolve(nodeId + SUFFIX);
    }

    /** The directory of the statistics files in {@code runDirectory}. */
    public static Path directoryOf(Path runDirectory) {
        return runDirectory.resolve("stats");
    }

    /** The name ending of a statistics file. */
    public static final String SUFFIX = ".stats";

    private StatsLayout() {
    }

    static int align(int offset) {
        return (offset + 63) & ~63;
    }

    static int countersOffset(int namesLength) {
        return align(NAMES_OFFSET + namesLength);
    }

    static int size(int namesLength, int inputs, int outputs) {
        return countersOffset(namesLength) + inputs * INPUT_BLOCK + outputs * OUTPUT_BLOCK;
    }

    /** The bucket of a latency of {@code nanos}: no branch on the common path but the two range checks. */
    static int bucket(long nanos) {
        if (nanos < SUB) {
            return nanos <= 0 ? 0 : (int) nanos;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        return (exponent - SUB_BITS + 1) * SUB + (int) ((nanos >>> (exponent - SUB_BITS)) & (SUB - 1));
    }

    /** The smallest value of bucket {@code index}. */
    public static long lowerBound(int index) {
        if (index < SUB) {
            return index;
        }
        if (index >= BUCKETS - 1) {
            return 1L << MAX_EXPONENT;
        }
        int exponent = index / SUB + SUB_BITS - 1;
        return (long) (SUB + index % SUB) << (exponent - SUB_BITS);
    }

    /** The largest value of bucket {@code index} ({@link Long#MAX_VALUE} for the last). */
    public static long upperBound(int index) {
        return index >= BUCKETS - 1 ? Long.MAX_VALUE : lowerBound(index + 1) - 1;
    }
}
