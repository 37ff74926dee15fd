package dev.jdora.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Turns the latency part's runs into {@code latency.csv} (every run), {@code latency.md} (medians, ratios, tails) and
 * the summary's sections (latency at 1 ms, at 20 µs, throughput, 40 MiB) with their targets.
 */
final class Report {

    private static final String SHM = "jdora-shm";
    private static final String SHM_YIELD = "jdora-shm-yield";
    private static final String INJVM = "jdora-injvm";

    private final List<LatencyBench.Row> rows;
    private final List<String> systems;
    private final BenchOptions options;
    private final ZonedDateTime started;
    private final String machine;

    Report(List<LatencyBench.Row> rows, List<String> systems, BenchOptions options, ZonedDateTime started,
           String machine) {
        this.rows = rows;
        this.systems = systems;
        this.options = options;
        this.started = started;
        this.machine = machine;
    }

    String csv() {
        StringBuilder b = new StringBuilder("kind,system,size_bytes,run,interval_ns,warmup,count,p50_ns,p99_ns,"
                + "p999_ns,max_ns,msgs_per_s,dropped,error\n");
        for (LatencyBench.Row r : rows) {
            RunSpec s = r.spec();
            Result x = r.result();
            b.append(r.kind()).append(',').append(r.system()).append(',').append(s.size()).append(',').append(r.run())
                    .append(',').append(s.intervalNanos()).append(',').append(s.warmup()).append(',');
            if (x == null) {
                b.append(",,,,,,,").append('"').append(r.error().replace('"', '\'')).append('"');
            } else {
                b.append(x.count()).append(',').append(x.p50()).append(',').append(x.p99()).append(',')
                        .append(x.p999()).append(',').append(x.max()).append(',')
                        .append(String.format(Locale.ROOT, "%.0f", x.messagesPerSecond())).append(',')
                        .append(x.dropped()).append(',');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The median of {@code metric} over the successful runs of one system and size; NaN if none. */
    double median(String kind, String system, int size, ToDoubleFunction<Result> metric) {
        double[] values = rows.stream().filter(r -> r.kind().equals(kind) && r.system().equals(system)
                        && r.spec().size() == size && r.result() != null)
                .mapToDouble(r -> metric.applyAsDouble(r.result())).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private double p50(String kind, String system, int size) {
        return median(kind, system, size, Result::p50);
    }

    private List<Integer> sizes(String kind) {
        return kind.equals(LatencyBench.COLD) ? options.sizes() : options.warmSizes();
    }

    private String pacing(String kind) {
        long every = kind.equals(LatencyBench.COLD) ? options.intervalNanos() : options.warmIntervalNanos();
        return "paced every " + LatencyBench.interval(every);
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# jdora latency, next to its peers\n\n");
        b.append("Measured ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
                .append(" by `jdora-bench --latency`").append(options.quick() ? " `--quick`" : "")
                .append(", all systems in the same run, interleaved.\n\n");
        b.append(machine.replace("machine:", "Machine:")).append(".\n");
        b.append("A shared, noisy virtual machine: read the figures as orders of magnitude and ratios, not as "
                + "absolutes.\n\n");
        b.append("One-way latency, sender `nanoTime()` before the send call → receiver `nanoTime()` when the message "
                + "is handed to it (CLOCK_MONOTONIC, one clock across processes), at least 1 ns per payload byte "
                + "between sends, warm-up dropped; **median over ").append(options.runs()).append(" run(s)** of each "
                + "run's p50 and p99, in µs. `memcpy` is one copy of the payload between two off-heap buffers in one "
                + "thread. `jdora-<transport>` waits with jdora's default idle strategy (`JDORA_IDLE` unset), "
                + "`jdora-<transport>-yield` with `JDORA_IDLE=yield`, like the Aeron subscriber. `cyclonedds`: "
                + "**one-way = half the round trip** of `ddsperf ping`/`pong`.\n");
        for (String kind : List.of(LatencyBench.COLD, LatencyBench.WARM)) {
            if (sizes(kind).isEmpty()) {
                continue;
            }
            b.append("\n## ").append(pacing(kind)).append("\n\n").append(latencyTable(kind, true));
            b.append("\nTail (median over runs of each run's p99.9 / max, µs):\n\n| size |");
            for (String s : systems) {
                b.append(' ').append(s).append(" p99.9 / max |");
            }
            b.append('\n').append("|---:|").append("---:|".repeat(systems.size())).append('\n');
            for (int size : sizes(kind)) {
                b.append("| ").append(LatencyBench.sizeName(size)).append(" |");
                for (String s : systems) {
                    b.append(' ').append(micros(median(kind, s, size, Result::p999)))
                            .append(" / ").append(micros(median(kind, s, size, Result::max))).append(" |");
                }
                b.append('\n');
            }
            b.append("\nMessages per size and run: ");
            List<String> counts = new ArrayList<>();
            for (int size : sizes(kind)) {
                RunSpec s = kind.equals(LatencyBench.COLD) ? options.latencySpec(size) : options.warmSpec(size);
                counts.add(String.format(Locale.ROOT, "%s %d + %d every %s", LatencyBench.sizeName(size), s.warmup(),
                        s.count(), LatencyBench.interval(s.intervalNanos())));
            }
            b.append(String.join("; ", counts)).append(".\n");
        }
        if (rows.stream().anyMatch(r -> r.kind().equals(LatencyBench.THROUGHPUT))) {
            b.append("\n## Throughput\n\n").append(throughputTable());
        }
        long failed = rows.stream().filter(r -> r.result() == null).count();
        if (failed > 0) {
            b.append("\n").append(failed).append(" run(s) failed:\n\n");
            rows.stream().filter(r -> r.result() == null).forEach(r -> b.append("- ").append(r.kind()).append(' ')
                    .append(r.system()).append(' ').append(LatencyBench.sizeName(r.spec().size())).append(" run ")
                    .append(r.run()).append(": ").append(r.error().lines().findFirst().orElse("")).append('\n'));
        }
        b.append("\nSystems:\n\n");
        for (String d : describe()) {
            String name = d.substring(1, d.indexOf('`', 1));
            if (systems.stream().anyMatch(s -> s.startsWith(name))) {
                b.append("- ").append(d).append('\n');
            }
        }
        return b.toString();
    }

    /** p50 / p99 per system and size (or p50 only), then the ratios the targets name. */
    private String latencyTable(String kind, boolean withP99) {
        List<String> ratios = new ArrayList<>();
        for (String j : List.of(SHM_YIELD, SHM)) {
            for (String p : List.of(BenchOptions.CHRONICLE, BenchOptions.AERON, CycloneDdsPeer.NAME)) {
                if (systems.contains(j) && systems.contains(p)) {
                    ratios.add(j + " / " + p);
                }
            }
        }
        StringBuilder b = new StringBuilder("| size |");
        for (String s : systems) {
            b.append(' ').append(s).append(withP99 ? " p50 / p99 |" : " |");
        }
        for (String r : ratios) {
            b.append(' ').append(r).append(" |");
        }
        b.append('\n').append("|---:|").append("---:|".repeat(systems.size() + ratios.size())).append('\n');
        for (int size : sizes(kind)) {
            b.append("| ").append(LatencyBench.sizeName(size)).append(" |");
            for (String s : systems) {
                b.append(' ').append(micros(p50(kind, s, size)));
                if (withP99) {
                    b.append(" / ").append(micros(median(kind, s, size, Result::p99)));
                }
                b.append(" |");
            }
            for (String r : ratios) {
                String[] js = r.split(" / ");
                b.append(' ').append(ratio(p50(kind, js[0], size) / p50(kind, js[1], size))).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private String throughputTable() {
        StringBuilder b = new StringBuilder();
        b.append("64 B back to back, median over runs (messages/s received, from the first measured message to the "
                + "last). jdora with `queue_size: ").append(options.throughputQueue())
                .append("`, default idle strategy, and `backpressure` (no loss: a run that loses a message fails) or "
                        + "`drop_oldest` (messages sent but never received are counted as dropped):\n\n"
                        + "| system | msg/s | MB/s | drop_oldest msg/s | dropped (of sent) |\n"
                        + "|---|---:|---:|---:|---:|\n");
        for (String s : systems) {
            double rate = median(LatencyBench.THROUGHPUT, s, 64, Result::messagesPerSecond);
            double drop = median(LatencyBench.DROP, s, 64, Result::messagesPerSecond);
            double dropped = median(LatencyBench.DROP, s, 64, Result::dropped);
            long sent = rows.stream().filter(r -> r.kind().equals(LatencyBench.DROP)).findFirst()
                    .map(r -> r.spec().total()).orElse(0L);
            if (!Double.isNaN(rate)) {
                b.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %s | %s |%n", s, rate, rate * 64 / 1e6,
                        Double.isNaN(drop) ? "–" : String.format(Locale.ROOT, "%,.0f", drop),
                        Double.isNaN(dropped) ? "–" : String.format(Locale.ROOT, "%,.0f (%.1f %%)", dropped,
                                100 * dropped / sent)));
            }
        }
        return b.toString();
    }

    /** The summary's sections: latency 1 ms, latency 20 µs, throughput, 40 MiB. */
    List<Summary.Section> sections() {
        List<Summary.Section> sections = new ArrayList<>();
        for (String kind : List.of(LatencyBench.COLD, LatencyBench.WARM)) {
            List<Summary.Target> targets = new ArrayList<>();
            for (int size : List.of(64, 4096)) {
                String n = LatencyBench.sizeName(size);
                double yield = p50(kind, SHM_YIELD, size);
                double cq = p50(kind, BenchOptions.CHRONICLE, size);
                double aeron = p50(kind, BenchOptions.AERON, size);
                long every = kind.equals(LatencyBench.COLD) ? options.intervalNanos() : options.warmIntervalNanos();
                targets.add(ratioTarget("shm-yield " + n + " p50 ≤ 2× chronicle-queue", yield, cq, 2, every));
                targets.add(ratioTarget("shm-yield " + n + " p50 ≤ 3× aeron-ipc", yield, aeron, 3, every));
                if (kind.equals(LatencyBench.COLD)) {
                    double def = p50(kind, SHM, size);
                    targets.add(Summary.Target.of("shm (default idle) " + n + " p50 ≤ 50 µs", def, 50_000,
                            us(def)));
                }
            }
            targets.add(fasterThanDds(kind));
            String title = "latency, " + pacing(kind);
            sections.add(new Summary.Section(title, "p50 one-way, µs (median over runs; full tables with p99, p99.9 "
                    + "and max in [latency.md](latency.md)):\n\n" + latencyTable(kind, false), targets));
        }
        double shm = median(LatencyBench.THROUGHPUT, SHM, 64, Result::messagesPerSecond);
        double injvm = median(LatencyBench.THROUGHPUT, INJVM, 64, Result::messagesPerSecond);
        sections.add(new Summary.Section("throughput", throughputTable(), List.of(
                Summary.Target.atLeast("shm 64 B ≥ 2 M msg/s, backpressure, nothing lost", shm, 2e6,
                        Summary.fmt(shm / 1e6, "%.2f M msg/s")),
                Summary.Target.atLeast("injvm 64 B ≥ 5 M msg/s, backpressure, nothing lost", injvm, 5e6,
                        Summary.fmt(injvm / 1e6, "%.2f M msg/s")))));
        int big = 40 << 20;
        double memcpy = p50(LatencyBench.COLD, BenchOptions.MEMCPY, big);
        double copy = p50(LatencyBench.COLD, SHM, big);
        double zero = p50(LatencyBench.COLD, JdoraDataflow.ZERO_COPY, big);
        StringBuilder t = new StringBuilder("40 MiB, one-way p50 / p99 (µs), median over runs:\n\n"
                + "| memcpy | jdora-shm `send` (copies) | " + JdoraDataflow.ZERO_COPY + " | jdora-injvm | aeron-ipc |"
                + " chronicle-queue |\n|---:|---:|---:|---:|---:|---:|\n|");
        for (String s : List.of(BenchOptions.MEMCPY, SHM, JdoraDataflow.ZERO_COPY, INJVM, BenchOptions.AERON,
                BenchOptions.CHRONICLE)) {
            t.append(' ').append(micros(p50(LatencyBench.COLD, s, big))).append(" / ")
                    .append(micros(median(LatencyBench.COLD, s, big, Result::p99))).append(" |");
        }
        t.append('\n');
        if (!JdoraDataflow.zeroCopyAvailable()) {
            t.append("\n`").append(JdoraDataflow.ZERO_COPY).append("`: not in this build (no `")
                    .append(JdoraDataflow.ZERO_COPY_SENDER).append("`).\n");
        }
        sections.add(new Summary.Section("40 MiB", t.toString(), List.of(
                Summary.Target.of("zero-copy send → receive p50 ≤ 1 ms", zero, 1_000_000, us(zero)),
                Summary.Target.of("copying `send` p50 ≤ 1.3× memcpy", copy / memcpy, 1.3,
                        micros(copy) + " / " + micros(memcpy) + " µs = " + ratio(copy / memcpy)))));
        return sections;
    }

    /**
     * jdora / peer p50 ≤ {@code limit}; not decided when the peer itself fell behind its pacing (its p50 above the
     * interval means its messages queued: on 2 cores a spinning sender, a yielding reader and a third busy thread,
     * such as Aeron's driver, do not fit), since a ratio to a queueing peer says nothing about jdora.
     */
    private static Summary.Target ratioTarget(String what, double jdora, double peer, double limit, long interval) {
        String measured = micros(jdora) + " / " + micros(peer) + " µs = " + ratio(jdora / peer);
        if (peer > interval) {
            return new Summary.Target(what, measured + " (the peer fell behind its pacing: not decided)", null);
        }
        return Summary.Target.of(what, jdora / peer, limit, measured);
    }

    /** Every jdora system below cyclonedds at every size of {@code kind}: the worst jdora / cyclonedds p50 ratio. */
    private Summary.Target fasterThanDds(String kind) {
        double worst = Double.NaN;
        String where = "";
        for (String j : systems) {
            if (!j.startsWith(BenchOptions.JDORA)) {
                continue;
            }
            for (int size : sizes(kind)) {
                double r = p50(kind, j, size) / p50(kind, CycloneDdsPeer.NAME, size);
                if (!Double.isNaN(r) && (Double.isNaN(worst) || r > worst)) {
                    worst = r;
                    where = j + " " + LatencyBench.sizeName(size);
                }
            }
        }
        return new Summary.Target("every jdora system faster than cyclonedds at every size", Double.isNaN(worst)
                ? "–" : "worst: " + where + " = " + ratio(worst) + " of cyclonedds",
                Double.isNaN(worst) ? null : worst < 1);
    }

    private String[] describe() {
        return new String[] {
            "`aeron-ipc` = Aeron " + io.aeron.AeronCounters.class.getPackage().getImplementationVersion()
                    + " IPC, embedded media driver in the bench JVM (ThreadingMode.SHARED), publisher and subscriber "
                    + "in two other processes, ExclusivePublication.offer, FragmentAssembler, MTU " + AeronIpc.MTU
                    + ", 64 MiB terms (8 MiB max message: larger payloads go as several messages), subscriber idle "
                    + "strategy `" + options.aeronIdle() + "`",
            "`jeromq-tcp` = JeroMQ " + JeroMqPeer.VERSION
                    + " PUSH → PULL over TCP loopback (127.0.0.1) in two processes, two-frame message [stamp][payload], "
                    + "the payload array built once; PULL polls recv(DONTWAIT) with the `" + options.aeronIdle()
                    + "` idle strategy",
            "`chronicle-queue` = raw appender → tailer in two processes, a fresh queue under /dev/shm per run, "
                    + "tailer spinning with Thread.yield()",
            CycloneDdsPeer.describe(),
            "`jdora-injvm` = the two-node dataflow run by DataflowRunner with the in-JVM transport (nodes are "
                    + "threads of the bench JVM); `-yield`: every node with `JDORA_IDLE=yield`",
            "`jdora-shm` = the same dataflow on the shared-memory transport (every node a process), jdora's default "
                    + "idle strategy; `jdora-shm-yield`: `JDORA_IDLE=yield`, the Aeron subscriber's strategy; `"
                    + JdoraDataflow.ZERO_COPY + "`: the sender fills its output buffer in shared memory and sends it "
                    + "without a copy (`" + JdoraDataflow.ZERO_COPY_SENDER + "`)",
        };
    }

    static String ratio(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "–";
        }
        if (ratio < 0.01) {
            return String.format(Locale.ROOT, "1/%,.0f", 1 / ratio);
        }
        return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : ratio >= 1 ? "%.1f×" : "%.2f×", ratio);
    }

    /** {@link #micros} with its unit, or "–". */
    static String us(double nanos) {
        String m = micros(nanos);
        return m.equals("–") ? m : m + " µs";
    }

    /** Nanoseconds as microseconds with a sensible number of decimals; NaN or negative (not measured) as "–". */
    static String micros(double nanos) {
        if (Double.isNaN(nanos) || nanos < 0) {
            return "–";
        }
        double us = nanos / 1000;
        if (us < 10) {
            return String.format(Locale.ROOT, "%.2f", us);
        }
        if (us < 1000) {
            return String.format(Locale.ROOT, "%.1f", us);
        }
        return String.format(Locale.ROOT, "%,.0f", us);
    }
}
