package dev.jdora.bench;

import dev.jdora.core.Data;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.Map;
import org.apache.arrow.vector.UInt1Vector;

/**
 * The sending node of the jdora benchmark dataflow: sends {@code BENCH_WARMUP + BENCH_COUNT} messages of
 * {@code BENCH_SIZE} bytes (a {@code uint8} array built once) on output {@code data}, paced every
 * {@code BENCH_INTERVAL_NS}, each with its {@code nanoTime()} send stamp as the {@code long} parameter {@code t},
 * then returns (which closes the output).
 */
public final class JdoraSender implements NodeMain {

    @Override
    public void run(Node node) {
        RunSpec spec = RunSpec.fromEnv(node.env());
        try (UInt1Vector payload = Data.bytes(node.allocator(), pattern(spec.size()))) {
            Pacer pacer = Pacer.of(spec);
            for (long m = 0; m < spec.total(); m++) {
                pacer.await();
                node.send("data", payload, Map.of("t", System.nanoTime()));
            }
        }
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
