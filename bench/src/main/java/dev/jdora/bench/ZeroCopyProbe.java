package dev.jdora.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A short measurement of large payloads, sent with {@code send} ({@link JdoraSender}) and through a lent buffer
 * ({@link JdoraZeroCopySender}), next to one memcpy: p50 from the sender's stamp to the receiver's {@code Input}.
 * The full comparison belongs to {@link LatencyBench}; this exists to check the zero-copy path quickly.
 *
 * <pre>
 * java -cp bench/target/jdora-bench.jar dev.jdora.bench.ZeroCopyProbe [sizes, e.g. 1m,40m] [transport: shm|injvm]
 * </pre>
 */
public final class ZeroCopyProbe {

    private ZeroCopyProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = Arrays.stream((args.length > 0 ? args[0] : "1m,40m").split(","))
                .map(LatencyBench::parseSize).toList();
        String transport = args.length > 1 ? args[1] : "shm";
        Path work = Files.createTempDirectory("jdora-zero-copy-probe-");
        System.out.printf(Locale.ROOT, "%-6s %-7s %12s %14s %14s%n", "size", "transp", "memcpy p50", "send p50",
                "zero-copy p50");
        for (int size : sizes) {
            long interval = Math.max(20_000_000L, 2L * size); // a 40 MiB message every 84 ms: the pages stay warm
            RunSpec spec = new RunSpec(size, interval, 20, 60);
            Result memcpy = Memcpy.measure(spec);
            Result send = measure(transport, spec, JdoraSender.class, work.resolve("send-" + size));
            Result lent = measure(transport, spec, JdoraZeroCopySender.class, work.resolve("lent-" + size));
            System.out.printf(Locale.ROOT, "%-6s %-7s %9.3f ms %11.3f ms %11.3f ms%n", LatencyBench.sizeName(size),
                    transport, memcpy.p50() / 1e6, send.p50() / 1e6, lent.p50() / 1e6);
        }
    }

    private static Result measure(String transport, RunSpec spec, Class<?> sender, Path work) throws Exception {
        Path result = work.resolve("jdora-result.txt");
        // the bench dataflow with another sender class: the YAML names the class once
        String yaml = JdoraDataflow.yaml(spec, 2, "backpressure", result, "yield")
                .replace(JdoraSender.class.getName(), sender.getName());
        JdoraDataflow.run(transport, yaml, work);
        return Result.read(result);
    }
}
