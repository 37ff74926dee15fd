package dev.jdora.spring.boot;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test node (a {@code bean:} node of the test's own JVM): keeps the first number of every message it receives, per
 * input. Written by the node thread, read by the test thread.
 */
final class ReceivedNumbers implements NodeMain {

    private final Map<String, List<Long>> received = new ConcurrentHashMap<>();

    @Override
    public void run(Node node) {
        for (Event event : node) {
            if (event instanceof Event.Input in) {
                List<Long> values = received.computeIfAbsent(in.id(), id -> new ArrayList<>());
                synchronized (values) {
                    values.add(Data.toLongs(in.data())[0]);
                }
            }
        }
    }

    /** A copy of what input {@code inputId} has received so far. */
    List<Long> of(String inputId) {
        List<Long> values = received.getOrDefault(inputId, List.of());
        synchronized (values) {
            return List.copyOf(values);
        }
    }
}
