package dev.jdora.core.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The idle strategy of a consumer that must poll readers in other processes. Immutable; the caller counts idle rounds
 * and restarts at 0 after work.
 *
 * <ul>
 *   <li>{@code backoff} (default): spin briefly, then yield, then wait on the node's {@link WakeSignal} in growing
 *       steps up to {@code maxPark} (default 100 µs) — a control event still wakes it at once. Costs little CPU when
 *       idle; adds up to {@code maxPark} of latency to the first message after a quiet spell.</li>
 *   <li>{@code yield}: spin briefly, then {@link Thread#yield()} for ever: lowest latency short of spinning, one busy
 *       core per waiting node (what Aeron's yielding idle strategy does).</li>
 *   <li>{@code spin}: {@link Thread#onSpinWait()} for ever.</li>
 * </ul>
 * Chosen per node with {@code JDORA_IDLE} ({@code backoff}, {@code backoff:<max park µs>}, {@code yield},
 * {@code spin}) in the node's {@code env:} or in the environment.
 */
final class Backoff {

    static final int SPINS = 200;
    static final int YIELDS = 50;
    static final long MIN_PARK_NANOS = 1_000;
    static final long DEFAULT_MAX_PARK_NANOS = 100_000;
    static final String ENV = "JDORA_IDLE";

    private enum Kind { BACKOFF, YIELD, SPIN }

    private final Kind kind;
    private final long maxParkNanos;

    private Backoff(Kind kind, long maxParkNanos) {
        this.kind = kind;
        this.maxParkNanos = maxParkNanos;
    }

    /** The strategy named by {@code JDORA_IDLE} in {@code nodeEnv}, else in the process environment. */
    static Backoff from(Map<String, String> nodeEnv) {
        String spec = nodeEnv.getOrDefault(ENV, System.getenv().getOrDefault(ENV, "backoff"));
        return parse(spec);
    }

    static Backoff parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("yield")) {
            return new Backoff(Kind.YIELD, 0);
        }
        if (s.equals("spin")) {
            return new Backoff(Kind.SPIN, 0);
        }
        if (s.startsWith("backoff:")) {
            try {
                long micros = Long.parseLong(s.substring("backoff:".length()));
                return new Backoff(Kind.BACKOFF, Math.max(1, micros) * 1000);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV + "='" + spec + "': the max park must be whole microseconds");
            }
        }
        if (s.equals("backoff")) {
            return new Backoff(Kind.BACKOFF, DEFAULT_MAX_PARK_NANOS);
        }
        throw new IllegalArgumentException(ENV + "='" + spec + "': use backoff, backoff:<max park µs>, yield or spin");
    }

    /**
     * Spins or yields for idle round {@code idle} and returns 0, or returns how long to wait on the signal (at most
     * {@code limitNanos}).
     */
    long pause(int idle, long limitNanos) {
        if (kind == Kind.SPIN || idle < SPINS) {
            Thread.onSpinWait();
            return 0;
        }
        if (kind == Kind.YIELD || idle < SPINS + YIELDS) {
            Thread.yield();
            return 0;
        }
        int shift = Math.min(idle - SPINS - YIELDS, 20);
        return Math.min(limitNanos, Math.min(maxParkNanos, MIN_PARK_NANOS << shift));
    }
}
