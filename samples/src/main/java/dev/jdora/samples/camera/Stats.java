package dev.jdora.samples.camera;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.Map;

/**
 * Prints per-second statistics of the detections (count, mean and max latency, frames dropped so far) and a summary
 * line when the stream ends.
 */
public final class Stats implements NodeMain {

    @Override
    public void run(Node node) {
        Window second = new Window();
        Window total = new Window();
        long dropped = 0;
        long windowStart = System.nanoTime();
        for (Event event : node) {
            if (event instanceof Event.Input input && input.id().equals("detection")) {
                Map<String, Object> d = Data.structRow(input.data(), 0);
                double latency = (Double) d.get("latency_ms");
                dropped = (Long) d.get("dropped");
                second.add(latency);
                total.add(latency);
            } else if (event instanceof Event.Input tick && tick.id().equals("report")) {
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                System.out.printf("%.1f detections/s, latency mean %.0f ms max %.0f ms, frames dropped so far %d%n",
                        second.count / seconds, second.mean(), second.max, dropped);
                second = new Window();
                windowStart = System.nanoTime();
            } else if (event instanceof Event.Stop) {
                System.out.printf("summary: %d detections, latency mean %.0f ms max %.0f ms, frames dropped %d%n",
                        total.count, total.mean(), total.max, dropped);
            }
        }
    }

    private static final class Window {
        long count;
        double sum;
        double max;

        void add(double value) {
            count++;
            sum += value;
            max = Math.max(max, value);
        }

        double mean() {
            return count == 0 ? 0 : sum / count;
        }
    }
}
