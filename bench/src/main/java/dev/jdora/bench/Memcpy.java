package dev.jdora.bench;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The physical floor: one copy of the payload from one off-heap buffer to another, in one thread, timed with
 * {@code nanoTime()} before and after, with the same pacing, warm-up and count as the other systems.
 */
final class Memcpy {

    private Memcpy() {
    }

    static Result measure(RunSpec spec) {
        UnsafeBuffer src = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, spec.size())));
        UnsafeBuffer dst = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, spec.size())));
        for (int i = 0; i < spec.size(); i++) {
            src.putByte(i, (byte) i);
        }
        LatencyRecorder recorder = new LatencyRecorder(spec);
        Pacer pacer = Pacer.of(spec);
        long sink = 0;
        while (!recorder.done()) {
            pacer.await();
            long start = System.nanoTime();
            dst.putBytes(0, src, 0, spec.size());
            long end = System.nanoTime();
            sink += dst.getByte(0);
            recorder.record(start, end);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the copy observable
        }
        return recorder.result();
    }
}
