package dev.jdora.testkit;

import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;

/**
 * One input declared on a {@link NodeTestHarness.Builder}.
 *
 * @param inputId      the input id the node sees
 * @param sourceNodeId the upstream node reported by {@code NodeFailed} ({@code dora} for timers)
 * @param timer        a timer input: never counts for {@code Stop(ALL_INPUTS_CLOSED)}
 * @param options      queue size and policy of the node's reader
 */
record InputDecl(String inputId, String sourceNodeId, boolean timer, InputOptions options) {

    static InputDecl of(String inputId, int queueSize, QueuePolicy policy) {
        return new InputDecl(inputId, "harness-" + inputId, false, new InputOptions(queueSize, policy));
    }
}
