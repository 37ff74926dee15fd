package dev.jdora.core.internal;

import java.util.Locale;
import java.util.Map;

/**
 * How a node's consumer waits when some of its inputs are written by other processes (readers that
 * {@linkplain dev.jdora.core.transport.InputReader#needsPolling() need polling}). Immutable; the caller counts idle
 * rounds and restarts at 0 after an event.
 *
 * <ul>
 *   <li>{@code park} (default): spin, then yield, for at most {@value #PARK_SPIN_MICROS} µs in all (bounded by time,
 *       not rounds, so that a node whose code is still interpreted does not spin for milliseconds), then arm the
 *       readers' wake-ups and park until a writer rings, a control event comes or a deadline passes. A waiting node
 *       uses no CPU; a burst keeps it awake; the first message after a quiet spell pays one cross-process
 *       wake-up.</li>
 *   <li>{@code yield}: spin briefly, then {@link Thread#yield()} for ever: lowest latency short of spinning, one busy
 *       core per waiting node (what Aeron's yielding idle strategy does). For nodes on cores of their own.</li>
 *   <li>{@code spin}: {@link Thread#onSpinWait()} for ever.</li>
 * </ul>
 * Chosen per node with {@code JDORA_IDLE} ({@code park}, {@code yield}, {@code spin}; {@code backoff}, the name of
 * the earlier default, means {@code park}) in the node's {@code env:} or in the environment.
 */
final class IdleStrategy {

    static final int SPINS = 100;
    static final long PARK_SPIN_MICROS = 20;
    private static final long PARK_SPIN_NANOS = PARK_SPIN_MICROS * 1000;
    static final String ENV = "JDORA_IDLE";

    private enum Kind { PARK, YIELD, SPIN }

    private final Kind kind;

    private IdleStrategy(Kind kind) {
        this.kind = kind;
    }

    /** The strategy named by {@code JDORA_IDLE} in {@code nodeEnv}, else in the process environment. */
    static IdleStrategy from(Map<String, String> nodeEnv) {
        String spec = nodeEnv.getOrDefault(ENV, System.getenv().getOrDefault(ENV, "park"));
        return parse(spec);
    }

    static IdleStrategy parse(String spec) {
        return switch (spec.trim().toLowerCase(Locale.ROOT)) {
            case "park", "backoff" -> new IdleStrategy(Kind.PARK);
            case "yield" -> new IdleStrategy(Kind.YIELD);
            case "spin" -> new IdleStrategy(Kind.SPIN);
            default -> throw new IllegalArgumentException(
                    ENV + "='" + spec + "': use park (the default), yield or spin");
        };
    }

    /**
     * Spins or yields for idle round {@code idle} and returns true (poll again), or returns false: time to arm the
     * readers and park.
     *
     * @param idleSinceNanos when the consumer found nothing for the first time ({@link System#nanoTime()})
     */
    boolean pause(int idle, long idleSinceNanos) {
        switch (kind) {
            case SPIN -> Thread.onSpinWait();
            case YIELD -> {
                if (idle < SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            case PARK -> {
                long idleNanos = System.nanoTime() - idleSinceNanos;
                if (idleNanos >= PARK_SPIN_NANOS) {
                    return false;
                }
                if (idleNanos < PARK_SPIN_NANOS / 2) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
        return true;
    }
}
