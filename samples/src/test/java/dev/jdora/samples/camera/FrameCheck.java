package dev.jdora.samples.camera;

import dev.jdora.core.Data;
import dev.jdora.core.Event;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fresh "detector" for the record/replay test: for every frame on {@code image} it prints and sends on
 * {@code digest} the line {@code frame <n> <sha-256 of the pixels>}, {@code n} being the frame's {@code frame}
 * parameter.
 */
public final class FrameCheck implements NodeMain {

    @Override
    public void run(Node node) throws NoSuchAlgorithmException {
        long frames = 0;
        for (Event event : node) {
            if (event instanceof Event.Input in && in.id().equals("image")) {
                String line = "frame " + in.metadata().parameter("frame", Long.class).orElse(-1L) + " "
                        + digest(Data.toBytes(in.data()));
                System.out.println(line);
                node.sendString("digest", line);
                frames++;
            }
        }
        System.out.println("checked " + frames + " frames");
    }

    static String digest(byte[] pixels) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pixels));
    }
}
