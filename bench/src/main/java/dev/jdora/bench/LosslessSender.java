package dev.jdora.bench;

import dev.jdora.core.Data;
import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import java.util.Map;
import org.apache.arrow.vector.UInt1Vector;

/**
 * The sender of {@link LosslessBench}: {@code BENCH_COUNT} messages of 64 B back to back on output {@code data}, the
 * i-th with the {@code long} parameter {@code s} = i (0, 1, 2, …), then returns (which closes the output).
 */
public final class LosslessSender implements NodeMain {

    @Override
    public void run(Node node) {
        long count = Long.parseLong(node.env().get("BENCH_COUNT"));
        try (UInt1Vector payload = Data.bytes(node.allocator(), new byte[64])) {
            for (long s = 0; s < count; s++) {
                node.send("data", payload, Map.of("s", s));
            }
        }
    }
}
