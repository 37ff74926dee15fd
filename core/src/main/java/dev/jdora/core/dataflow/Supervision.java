package dev.jdora.core.dataflow;

import java.time.Duration;
import java.util.Optional;

/**
 * How the runtime watches over one node and restarts it (dora 1.0's keys; see the README's YAML reference). Applies to
 * nodes that run as processes of their own; a node run as a thread of the runtime's JVM is not restarted.
 *
 * @param restartPolicy      {@code restart_policy:} when to restart the node (default {@code never})
 * @param maxRestarts        {@code max_restarts:} restarts allowed (within {@code restartWindow}, if set); 0 means no
 *                           limit (the default)
 * @param restartDelay       {@code restart_delay:} the wait before the first restart; it doubles with each further
 *                           restart (default 0: at once)
 * @param maxRestartDelay    {@code max_restart_delay:} the doubling stops here (default: no cap)
 * @param restartWindow      {@code restart_window:} only restarts within this time count against {@code maxRestarts},
 *                           and the delay starts over once a window has passed without a restart (default: the whole
 *                           run)
 * @param startupTimeout     {@code startup_timeout:} a node that has not connected to the runtime within this time of
 *                           its start fails (default: it may take as long as it likes)
 * @param healthCheckTimeout {@code health_check_timeout:} a node that has read no message for this long while
 *                           messages wait for it is stuck: it fails (and is restarted if its policy says so)
 */
public record Supervision(RestartPolicy restartPolicy, int maxRestarts, Duration restartDelay,
                          Optional<Duration> maxRestartDelay, Optional<Duration> restartWindow,
                          Optional<Duration> startupTimeout, Optional<Duration> healthCheckTimeout) {

    /** No restarts, no timeouts: a node as it was before these keys existed. */
    public static final Supervision NONE = new Supervision(RestartPolicy.NEVER, 0, Duration.ZERO, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public Supervision {
        if (maxRestarts < 0 || restartDelay.isNegative()) {
            throw new IllegalArgumentException("max_restarts and restart_delay cannot be negative");
        }
    }

    /** True if a restart policy other than {@code never} is set. */
    public boolean restarts() {
        return restartPolicy != RestartPolicy.NEVER;
    }
}
