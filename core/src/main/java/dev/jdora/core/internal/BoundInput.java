package dev.jdora.core.internal;

import dev.jdora.core.transport.InputReader;
import java.time.Duration;
import java.util.Optional;

/**
 * One input of a node, wired to its channel by the runtime.
 *
 * @param inputId      the input id from YAML
 * @param sourceNodeId the producing node ({@code dora} for timers)
 * @param timer        timer inputs never close and never count for {@code Stop(ALL_INPUTS_CLOSED)}
 * @param reader       the subscription, owned by the node's event stream from now on
 * @param timeout      {@code input_timeout}
 */
public record BoundInput(String inputId, String sourceNodeId, boolean timer, InputReader reader,
                         Optional<Duration> timeout) {
}
