package dev.jdora.micrometer;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** Nodes that the tests of this module run as processes. */
final class MetricsNodes {

    private MetricsNodes() {
    }

    /** Sends {@code COUNT} numbers on {@code out} as fast as it may. */
    public static final class Producer implements NodeMain {
        @Override
        public void run(Node node) {
            long count = Long.parseLong(node.env().getOrDefault("COUNT", "1000"));
            try (var value = Data.longs(node.allocator(), 0)) {
                for (long i = 0; i < count; i++) {
                    value.set(0, i);
                    node.send("out", value);
                }
            }
        }
    }

    /** Takes every input, pausing {@code DELAY_MICROS} after each. */
    public static final class Sink implements NodeMain {
        @Override
        public void run(Node node) {
            long delayMicros = Long.parseLong(node.env().getOrDefault("DELAY_MICROS", "0"));
            for (Event event : node) {
                if (event instanceof Event.Input && delayMicros > 0) {
                    LockSupport.parkNanos(delayMicros * 1000);
                }
            }
        }
    }

    private static ObservationRegistry registry() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new W3cTestHandler(System.out::println));
        return registry;
    }

    /** Within an observation {@code work}, sends one number on {@code out} through a send observation. */
    public static final class TracedSender implements NodeMain {
        @Override
        public void run(Node node) {
            ObservationRegistry registry = registry();
            try (var value = Data.longs(node.allocator(), 42)) {
                Observation.createNotStarted("work", registry).observe(() ->
                        JdoraObservations.send(registry, node, "out", value, Map.of("frame", 7L)));
            }
        }
    }

    /** Handles each input within an input observation; prints the trace context parameter it got. */
    public static final class TracedReceiver implements NodeMain {
        @Override
        public void run(Node node) {
            ObservationRegistry registry = registry();
            for (Event event : node) {
                if (event instanceof Event.Input in) {
                    JdoraObservations.observe(registry, node.id(), in, () -> System.out.println("parameter "
                            + in.metadata().parameters().get(JdoraObservations.PARAMETER) + " frame "
                            + in.metadata().parameters().get("frame")));
                }
            }
        }
    }
}
