package dev.jdora.samples.camera;

import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.Map;
import org.apache.arrow.vector.UInt1Vector;

/**
 * A synthetic camera: on every tick sends a 640×480×3 {@code uint8} frame (a bright vertical bar that moves across a
 * dark gradient) on {@code image}, with its size and number as parameters. Ends after {@code FRAMES} frames (env,
 * default 150: five seconds at 30 Hz).
 */
public final class Camera implements NodeMain {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    static final int CHANNELS = 3;
    static final int BAR_WIDTH = 8;

    @Override
    public void run(Node node) {
        int frames = Integer.parseInt(node.env().getOrDefault("FRAMES", "150"));
        byte[] pixels = new byte[WIDTH * HEIGHT * CHANNELS];
        try (UInt1Vector frame = new UInt1Vector("image", node.allocator())) {
            frame.allocateNew(pixels.length);
            frame.getValidityBuffer().setOne(0, (int) frame.getValidityBuffer().capacity());
            frame.setValueCount(pixels.length);
            long sent = 0;
            for (Event event : node) {
                if (event instanceof Event.Input tick && tick.id().equals("tick")) {
                    paint(pixels, (int) ((sent * BAR_WIDTH) % WIDTH));
                    frame.getDataBuffer().setBytes(0, pixels);
                    node.send("image", frame, Map.of("width", WIDTH, "height", HEIGHT, "channels", CHANNELS,
                            "frame", sent));
                    if (++sent == frames) {
                        System.out.println("sent " + sent + " frames");
                        return;
                    }
                }
            }
        }
    }

    /** A dark horizontal gradient with a white bar at column {@code barX}. */
    static void paint(byte[] pixels, int barX) {
        for (int y = 0; y < HEIGHT; y++) {
            int row = y * WIDTH * CHANNELS;
            for (int x = 0; x < WIDTH; x++) {
                byte value = x >= barX && x < barX + BAR_WIDTH ? (byte) 255 : (byte) (x * 64 / WIDTH);
                int i = row + x * CHANNELS;
                pixels[i] = value;
                pixels[i + 1] = value;
                pixels[i + 2] = value;
            }
        }
    }
}
