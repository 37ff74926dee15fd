package dev.jdora.core;

/**
 * An operator: a unit of logic that a runtime node hosts, several per JVM. It sees the same events as a node.
 *
 * <pre>{@code
 * public final class Doubler implements Operator {
 *     public OperatorStatus onEvent(Event event, Outputs outputs) {
 *         if (event instanceof Event.Input in) {
 *             long[] v = Data.toLongs(in.data());
 *             outputs.sendLongs("doubled", v[0] * 2);
 *         }
 *         return OperatorStatus.CONTINUE;
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@code onEvent} is called by one thread at a time, never concurrently. An {@code Input}'s data
 * is valid until {@code onEvent} returns (see {@link Event.Input#takeData()} to keep it).
 */
@FunctionalInterface
public interface Operator {

    /**
     * Handles one event.
     *
     * @throws Exception to fail the operator; its node reports the failure
     */
    OperatorStatus onEvent(Event event, Outputs outputs) throws Exception;
}
