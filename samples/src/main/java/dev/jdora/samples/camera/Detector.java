package dev.jdora.samples.camera;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A deliberately slow "detector": finds the brightest column of each frame, then spends {@code STEP_MS} (env,
 * default 100) on a pretend model — three times the camera period. With {@code queue_size: 1} and
 * {@code drop_oldest} on its input it always works on the newest frame, so its latency stays about one step instead
 * of growing without bound. Sends {@code detection}: a struct of the frame number, the bar position, the frame's age
 * when done, and how many frames were dropped so far.
 */
public final class Detector implements NodeMain {

    @Override
    public void run(Node node) {
        long stepNanos = Duration.ofMillis(Long.parseLong(node.env().getOrDefault("STEP_MS", "100"))).toNanos();
        for (Event event : node) {
            if (event instanceof Event.Input frame && frame.id().equals("image")) {
                int barX = brightestColumn(Data.toBytes(frame.data()));
                LockSupport.parkNanos(stepNanos); // the slow model
                Map<String, Object> detection = new LinkedHashMap<>();
                detection.put("frame", frame.metadata().parameter("frame", Long.class).orElse(-1L));
                detection.put("x", (long) barX);
                detection.put("latency_ms", ageMillis(frame.metadata().timestamp().toInstant()));
                detection.put("dropped", node.droppedCount("image"));
                try (var out = Data.struct(detection)) {
                    node.send("detection", out);
                }
            }
        }
    }

    static int brightestColumn(byte[] pixels) {
        long[] columns = new long[Camera.WIDTH];
        for (int i = 0; i < pixels.length; i += Camera.CHANNELS) {
            columns[(i / Camera.CHANNELS) % Camera.WIDTH] += pixels[i] & 0xff;
        }
        int best = 0;
        for (int x = 1; x < columns.length; x++) {
            if (columns[x] > columns[best]) {
                best = x;
            }
        }
        return best;
    }

    private static double ageMillis(Instant sentAt) {
        return Duration.between(sentAt, Instant.now()).toNanos() / 1e6;
    }
}
