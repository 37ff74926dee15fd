package dev.jdora.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code --jmh-gc}: runs {@code dev.jdora.bench.jmh.TransportBenchmark} with JMH's GC profiler ({@code -prof gc}) and
 * extracts {@code gc.alloc.rate.norm}, the heap bytes allocated per operation (every thread), per benchmark, transport
 * and size; the receive path's bytes per message are {@code roundTrip − send} (the reader's share). Writes
 * {@code jmh-gc.md} and the raw JMH results {@code jmh-gc.json}. The same by hand:
 *
 * <pre>
 * java -cp bench/target/jdora-bench.jar dev.jdora.bench.jmh.JmhMain TransportBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s \
 *      -prof gc -rf json -rff bench/results/jmh-gc.json
 * </pre>
 */
final class JmhGcBench {

    private static final String NORM = "gc.alloc.rate.norm";

    private JmhGcBench() {
    }

    static List<Summary.Section> run(BenchOptions options, ZonedDateTime started, String machine) throws Exception {
        String json = options.out().resolve("jmh-gc.json").toString();
        Options jmh = new OptionsBuilder()
                .include("dev\\.jdora\\.bench\\.jmh\\.TransportBenchmark\\.")
                .forks(1)
                .warmupIterations(options.quick() ? 1 : 2)
                .measurementIterations(options.quick() ? 2 : 3)
                .warmupTime(TimeValue.seconds(1))
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .jvmArgs(ChildJvm.jvmOptions().toArray(String[]::new)) // replaces the options this JVM was started with
                .resultFormat(ResultFormatType.JSON)
                .result(json)
                .build();
        Collection<RunResult> results = new Runner(jmh).run();
        // "transport size" → benchmark method → B/op
        Map<String, Map<String, Double>> bytes = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            String key = r.getParams().getParam("transport") + " " + r.getParams().getParam("size");
            @SuppressWarnings("rawtypes")
            Result norm = r.getSecondaryResults().get(NORM);
            bytes.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(method,
                    norm == null ? Double.NaN : norm.getScore());
        }
        StringBuilder table = new StringBuilder("| transport | size | `send` B/op | `roundTrip` B/op | receive path "
                + "B/msg (roundTrip − send) |\n|---|---:|---:|---:|---:|\n");
        List<Summary.Target> targets = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> e : bytes.entrySet()) {
            String[] k = e.getKey().split(" ");
            double send = e.getValue().getOrDefault("send", Double.NaN);
            double roundTrip = e.getValue().getOrDefault("roundTrip", Double.NaN);
            double receive = Math.max(0, roundTrip - send);
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", k[0], k[1],
                    Summary.fmt(send, "%,.0f"), Summary.fmt(roundTrip, "%,.0f"), Summary.fmt(receive, "%,.0f")));
            if (k[1].equals("64") && k[0].equals("shm")) {
                targets.add(Summary.Target.of(k[0] + " receive path ≤ 16 B per 64 B message", receive, 16,
                        Summary.fmt(receive, "%,.0f B/msg") + " (send " + Summary.fmt(send, "%,.0f B") + ")"));
            }
        }
        String note = "`gc.alloc.rate.norm` of `TransportBenchmark` (JMH `-prof gc`, one fork, "
                + (options.quick() ? "1 + 2" : "2 + 3") + " iterations of 1 s): heap bytes per message, every thread. "
                + "`send`: the writer alone, to a reader that never reads; `roundTrip`: send, poll, close the data; "
                + "their difference is the receive path. On `injvm` the reader's vector is built by `send` (so its "
                + "receive share is near 0 and its `send` carries it); the target is for `shm`.\n\n";
        String md = "# jdora allocation per message (JMH -prof gc)\n\nMeasured "
                + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")) + " by `jdora-bench --jmh-gc`. "
                + machine.replace("machine:", "Machine:") + ".\n\n" + note + table
                + "\nRaw JMH results: [jmh-gc.json](jmh-gc.json).\n";
        Files.writeString(options.out().resolve("jmh-gc.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
        return List.of(new Summary.Section("allocation", note + table + "\nDetails: [jmh-gc.md](jmh-gc.md).\n",
                targets));
    }
}
