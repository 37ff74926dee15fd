package dev.jdora.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * What a tracing bridge's propagating handlers do, reduced to ids: each observation gets a span (a new trace, a child
 * of its parent observation's span, or, for a receiver, a child of the {@code traceparent} its carrier holds); a
 * sender writes its span's {@code traceparent} into its carrier. Every stopped span is reported as a line
 * {@code observation <name> trace=<id> span=<id> parent=<id or ->}.
 */
final class W3cTestHandler implements ObservationHandler<Observation.Context> {

    record Span(String traceId, String spanId, String parentId) {
    }

    private final Consumer<String> report;

    W3cTestHandler(Consumer<String> report) {
        this.report = report;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return true;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void onStart(Observation.Context context) {
        Span span = null;
        if (context instanceof ReceiverContext receiver) {
            Object header = receiver.getGetter().get(receiver.getCarrier(), "traceparent");
            if (header instanceof String traceparent) {
                String[] parts = traceparent.split("-");
                span = new Span(parts[1], newId(16), parts[2]);
            }
        }
        if (span == null && context.getParentObservation() != null) {
            Span parent = context.getParentObservation().getContextView().get(Span.class);
            if (parent != null) {
                span = new Span(parent.traceId(), newId(16), parent.spanId());
            }
        }
        if (span == null) {
            span = new Span(newId(32), newId(16), "-");
        }
        context.put(Span.class, span);
        if (context instanceof SenderContext sender) {
            sender.getSetter().set(sender.getCarrier(), "traceparent",
                    "00-" + span.traceId() + "-" + span.spanId() + "-01");
        }
    }

    @Override
    public void onStop(Observation.Context context) {
        Span span = context.getRequired(Span.class);
        report.accept("observation " + context.getName() + " trace=" + span.traceId() + " span=" + span.spanId()
                + " parent=" + span.parentId());
    }

    private static String newId(int hexDigits) {
        StringBuilder id = new StringBuilder();
        while (id.length() < hexDigits) {
            id.append(String.format("%016x", ThreadLocalRandom.current().nextLong()));
        }
        return id.substring(0, hexDigits);
    }
}
