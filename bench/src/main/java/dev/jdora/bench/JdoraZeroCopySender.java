package dev.jdora.bench;

import dev.jdora.core.Node;
import dev.jdora.core.NodeMain;
import dev.jdora.core.OutputBuffer;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * The zero-copy twin of {@link JdoraSender}: for each of {@code BENCH_WARMUP + BENCH_COUNT} messages it gets a buffer
 * of {@code BENCH_SIZE} bytes on output {@code data} from {@code node.allocate} (in the payload ring across processes),
 * fills it from a pattern built once (as a camera driver would write its frame), then stamps {@code nanoTime()} as
 * the {@code long} parameter {@code t} and sends it, paced every {@code BENCH_INTERVAL_NS}. The fill happens before
 * the stamp: what is measured is the send and the delivery, as for {@code JdoraSender} whose payload is also ready
 * before its stamp.
 */
public final class JdoraZeroCopySender implements NodeMain {

    @Override
    public void run(Node node) {
        RunSpec spec = RunSpec.fromEnv(node.env());
        try (ArrowBuf pattern = node.allocator().buffer(Math.max(1, spec.size()))) {
            for (int i = 0; i < spec.size(); i++) {
                pattern.setByte(i, i);
            }
            Pacer pacer = new Pacer(spec.intervalNanos());
            for (long m = 0; m < spec.total(); m++) {
                pacer.await();
                try (OutputBuffer out = node.allocate("data", spec.size())) {
                    MemoryUtil.copyMemory(pattern.memoryAddress(), out.buffer().memoryAddress(), spec.size());
                    out.send(Map.of("t", System.nanoTime()));
                }
            }
        }
    }
}
