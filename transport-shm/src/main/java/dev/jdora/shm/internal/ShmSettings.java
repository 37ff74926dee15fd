package dev.jdora.shm.internal;

import java.util.Map;

/**
 * The validated settings of one shared-memory transport (read once from {@code TransportContext.settings()}).
 * Immutable.
 *
 * @param inPlaceThreshold  {@code shm.inPlaceThreshold}: payloads of at least this many bytes go to the ring and are
 *                          read in place; smaller ones are copied through the queue (default 4096)
 * @param ringBytes         {@code shm.ringBytes}: initial size of each channel's payload ring (default 256 MiB; grown
 *                          when one message does not fit)
 * @param maxRingBytes      {@code shm.maxRingBytes}: the biggest a ring may grow, and so the biggest message body a
 *                          channel carries (default and most 1 GiB, least {@code ringBytes})
 * @param messagesPerCycle  {@code shm.messagesPerCycle}: messages per queue file before it rolls (default 16384); a
 *                          file is deleted once every reader has passed it
 */
public record ShmSettings(int inPlaceThreshold, long ringBytes, long maxRingBytes, int messagesPerCycle) {

    public static final String IN_PLACE_THRESHOLD = "shm.inPlaceThreshold";
    public static final String RING_BYTES = "shm.ringBytes";
    public static final String MAX_RING_BYTES_KEY = "shm.maxRingBytes";
    public static final String MESSAGES_PER_CYCLE = "shm.messagesPerCycle";

    /** Ring sizes are limited by one mapping and by {@code int} offsets in Arrow slices. */
    static final long MAX_RING_BYTES = 1L << 30;

    public ShmSettings {
        if (inPlaceThreshold < 1) {
            throw new IllegalArgumentException(IN_PLACE_THRESHOLD + " must be at least 1, was " + inPlaceThreshold);
        }
        if (ringBytes < 64 * 1024 || ringBytes > MAX_RING_BYTES) {
            throw new IllegalArgumentException(RING_BYTES + " must be between 64 KiB and 1 GiB, was " + ringBytes);
        }
        if (maxRingBytes < 64 * 1024 || maxRingBytes > MAX_RING_BYTES) {
            throw new IllegalArgumentException(MAX_RING_BYTES_KEY + " must be between 64 KiB and 1 GiB, was "
                    + maxRingBytes);
        }
        if (maxRingBytes < ringBytes) {
            throw new IllegalArgumentException(MAX_RING_BYTES_KEY + " (" + maxRingBytes + ") must be at least "
                    + RING_BYTES + " (" + ringBytes + ")");
        }
        if (messagesPerCycle < 16 || Integer.bitCount(messagesPerCycle) != 1) {
            throw new IllegalArgumentException(MESSAGES_PER_CYCLE + " must be a power of two of at least 16, was "
                    + messagesPerCycle);
        }
    }

    /** Reads and validates the {@code shm.*} settings; unknown {@code shm.*} keys are rejected. */
    public static ShmSettings from(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (key.startsWith("shm.") && !key.equals(IN_PLACE_THRESHOLD) && !key.equals(RING_BYTES)
                    && !key.equals(MAX_RING_BYTES_KEY) && !key.equals(MESSAGES_PER_CYCLE)) {
                throw new IllegalArgumentException("unknown transport setting '" + key + "' (known: "
                        + IN_PLACE_THRESHOLD + ", " + RING_BYTES + ", " + MAX_RING_BYTES_KEY + ", " + MESSAGES_PER_CYCLE
                        + ")");
            }
        }
        return new ShmSettings(
                (int) parse(settings, IN_PLACE_THRESHOLD, 4096),
                parse(settings, RING_BYTES, 256L << 20),
                parse(settings, MAX_RING_BYTES_KEY, MAX_RING_BYTES),
                (int) parse(settings, MESSAGES_PER_CYCLE, 1 << 14));
    }

    private static long parse(Map<String, String> settings, String key, long defaultValue) {
        String value = settings.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("transport setting '" + key + "': not a number: '" + value + "'", e);
        }
    }
}
