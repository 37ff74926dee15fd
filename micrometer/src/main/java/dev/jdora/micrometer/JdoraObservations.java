package dev.jdora.micrometer;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.ValueVector;

/**
 * Observations of sending on an output and of handling an {@code Input}, with the trace context carried from node to
 * node in the message parameters under {@value #PARAMETER} (dora's key; W3C {@code traceparent}, written
 * {@code traceparent:<value>;} as dora writes it). A send observation is a {@link SenderContext}: the registry's
 * propagating handler (micrometer-tracing's {@code PropagatingSenderTracingObservationHandler}, which Spring Boot
 * registers with a tracing bridge) writes the context of its span, a child of the current observation. An input
 * observation is a {@link ReceiverContext}: the propagating receiver handler continues the sender's trace from it.
 * Without such handlers the observations are plain ones and the parameters carry nothing.
 *
 * <pre>{@code
 * for (Event event : node) {
 *     if (event instanceof Event.Input in) {
 *         JdoraObservations.observe(registry, node.id(), in, () ->
 *                 JdoraObservations.send(registry, node, "out", result(in), Map.of()));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Stateless; the convenience methods run on the calling thread and block as {@code Node.send} and
 * the handler do.
 */
public final class JdoraObservations {

    /** The parameter that carries the trace context, as in dora. */
    public static final String PARAMETER = "open_telemetry_context";
    /** The name of send observations. */
    public static final String SEND = "jdora.send";
    /** The name of input observations. */
    public static final String INPUT = "jdora.input";

    private JdoraObservations() {
    }

    /** A send observation of node {@code nodeId}'s output {@code outputId}, not started; parent: the current one. */
    public static Observation sendObservation(ObservationRegistry registry, String nodeId, String outputId) {
        SenderContext<TraceContext> context = new SenderContext<>(TraceContext::put);
        context.setCarrier(new TraceContext());
        return Observation.createNotStarted(SEND, () -> context, registry)
                .contextualName("send " + outputId)
                .lowCardinalityKeyValue("node", nodeId)
                .lowCardinalityKeyValue("output", outputId);
    }

    /**
     * {@code parameters} with the trace context that the started {@code observation} (from {@link #sendObservation})
     * holds; {@code parameters} as they are if it holds none.
     */
    public static Map<String, Object> withTraceContext(Observation observation, Map<String, Object> parameters) {
        if (!(observation.getContext() instanceof SenderContext<?> sender)
                || !(sender.getCarrier() instanceof TraceContext trace) || trace.isEmpty()) {
            return parameters;
        }
        Map<String, Object> traced = new LinkedHashMap<>(parameters);
        traced.put(PARAMETER, trace.serialize());
        return traced;
    }

    /**
     * Sends {@code data} on {@code outputId} within a send observation, its trace context added to
     * {@code parameters}. The caller keeps {@code data}, as with {@code Node.send}.
     */
    public static void send(ObservationRegistry registry, Node node, String outputId, ValueVector data,
                            Map<String, Object> parameters) {
        Observation observation = sendObservation(registry, node.id(), outputId).start();
        try (Observation.Scope scope = observation.openScope()) {
            node.send(outputId, data, withTraceContext(observation, parameters));
        } catch (RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    /** An observation of node {@code nodeId} handling {@code input}, not started, continuing the sender's trace. */
    public static Observation inputObservation(ObservationRegistry registry, String nodeId, Event.Input input) {
        ReceiverContext<Map<String, Object>> context = new ReceiverContext<>(
                (parameters, key) -> TraceContext.parse(parameters.get(PARAMETER)).get(key).orElse(null));
        context.setCarrier(input.metadata().parameters());
        return Observation.createNotStarted(INPUT, () -> context, registry)
                .contextualName("handle " + input.id())
                .lowCardinalityKeyValue("node", nodeId)
                .lowCardinalityKeyValue("input", input.id());
    }

    /** Runs {@code handler} within an observation of node {@code nodeId} handling {@code input}. */
    public static void observe(ObservationRegistry registry, String nodeId, Event.Input input, Runnable handler) {
        inputObservation(registry, nodeId, input).observe(handler);
    }
}
