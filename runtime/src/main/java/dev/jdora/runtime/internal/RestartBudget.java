package dev.jdora.runtime.internal;

import dev.jdora.core.dataflow.RestartPolicy;
import dev.jdora.core.dataflow.Supervision;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decides whether a node that ended is restarted, and after what delay ({@code restart_policy}, {@code max_restarts},
 * {@code restart_delay}, {@code max_restart_delay}, {@code restart_window}, as in dora 1.0):
 * <ul>
 *   <li>{@code never} restarts nothing; {@code on-failure} restarts a failed node, not one that exited cleanly;
 *       {@code always} restarts both.</li>
 *   <li>The first restart waits {@code restart_delay}; each further one twice the previous, up to
 *       {@code max_restart_delay}.</li>
 *   <li>{@code max_restarts} (0: no limit) counts the restarts of the last {@code restart_window} (of the whole run
 *       without one). Once a window passes without a restart, the delay starts over from {@code restart_delay}.</li>
 * </ul>
 * Pure arithmetic on the clock it is given (nanoseconds, {@link System#nanoTime()} in a run, a fake one in tests).
 * Not thread-safe: one node's supervisor uses it.
 */
final class RestartBudget {

    private final Supervision spec;
    private final LongSupplier clock;
    private final Deque<Long> restarts = new ArrayDeque<>();
    private Duration nextDelay;
    private int total;

    RestartBudget(Supervision spec, LongSupplier clock) {
        this.spec = spec;
        this.clock = clock;
        this.nextDelay = spec.restartDelay();
    }

    /**
     * The delay before restarting a node that just ended (failed or not), or empty if it is not restarted. A
     * restart that is granted is counted.
     */
    Optional<Duration> next(boolean failed) {
        if (spec.restartPolicy() == RestartPolicy.NEVER || spec.restartPolicy() == RestartPolicy.ON_FAILURE && !failed) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        spec.restartWindow().ifPresent(window -> {
            if (!restarts.isEmpty() && now - restarts.peekLast() >= window.toNanos()) {
                nextDelay = spec.restartDelay(); // a quiet window: start over
            }
            while (!restarts.isEmpty() && now - restarts.peekFirst() >= window.toNanos()) {
                restarts.pollFirst();
            }
        });
        if (spec.maxRestarts() > 0 && restarts.size() >= spec.maxRestarts()) {
            return Optional.empty();
        }
        restarts.addLast(now);
        total++;
        Duration delay = nextDelay;
        Duration doubled = delay.multipliedBy(2);
        nextDelay = spec.maxRestartDelay().filter(max -> max.compareTo(doubled) < 0).orElse(doubled);
        return Optional.of(delay);
    }

    /** Restarts granted so far. */
    int restarts() {
        return total;
    }

    /** Why no restart is granted any more, for the failure report: {@code "after 3 restarts (max_restarts)"}. */
    String exhausted() {
        return "after " + total + (total == 1 ? " restart" : " restarts") + " (max_restarts: " + spec.maxRestarts()
                + spec.restartWindow().map(w -> " within restart_window " + w.toMillis() / 1000.0 + " s").orElse("")
                + ")";
    }
}
