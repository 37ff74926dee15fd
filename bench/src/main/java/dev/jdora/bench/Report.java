package dev.jdora.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Turns the measured runs into {@code latency.csv} (every run) and {@code latency.md} (medians and ratios). */
final class Report {

    private final List<LatencyBench.Row> rows;
    private final List<String> systems;
    private final LatencyBench.Options options;
    private final ZonedDateTime started;
    private final String machine;

    Report(List<LatencyBench.Row> rows, List<String> systems, LatencyBench.Options options, ZonedDateTime started,
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

    String markdown() {
        List<String> jdoras = systems.stream().filter(s -> s.startsWith(LatencyBench.JDORA)).toList();
        // ratios against the messaging peers (memcpy is the floor, shown as a column but not as a ratio)
        List<String> peers = systems.stream().filter(s -> !s.startsWith(LatencyBench.JDORA)
                && !s.equals(LatencyBench.MEMCPY)).toList();
        StringBuilder b = new StringBuilder();
        b.append("# jdora latency, next to its peers\n\n");
        b.append("Measured ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
                .append(" by `dev.jdora.bench.LatencyBench`").append(options.quick() ? " `--quick`" : "")
                .append(", all systems in the same run, interleaved.\n\n");
        b.append(machine.replace("machine:", "Machine:")).append(".\n");
        b.append("A shared, noisy virtual machine: read the figures as orders of magnitude and ratios, not as "
                + "absolutes.\n\n");
        b.append("One-way latency, sender `nanoTime()` before the send call → receiver `nanoTime()` when the message "
                + "is handed to it (CLOCK_MONOTONIC, one clock across processes); paced sends (every ")
                .append(options.intervalNanos() / 1000).append(" µs, at least 1 ns per payload byte), warm-up "
                        + "dropped; **median over ").append(options.runs()).append(" runs** of each run's p50 and "
                        + "p99, in µs. `memcpy` is one copy of the payload between two off-heap buffers in one "
                        + "thread.\n\n");
        b.append("| size |");
        for (String s : systems) {
            b.append(' ').append(s).append(" p50 / p99 |");
        }
        for (String j : jdoras) {
            for (String p : peers) {
                b.append(' ').append(j).append(" / ").append(p).append(" (p50) |");
            }
        }
        b.append('\n').append("|---:|");
        b.append("---:|".repeat(systems.size() + jdoras.size() * peers.size())).append('\n');
        for (int size : options.sizes()) {
            b.append("| ").append(LatencyBench.sizeName(size)).append(" |");
            for (String s : systems) {
                b.append(' ').append(cell(micros(median("latency", s, size, Result::p50))))
                        .append(" / ").append(cell(micros(median("latency", s, size, Result::p99)))).append(" |");
            }
            for (String j : jdoras) {
                for (String p : peers) {
                    double ratio = median("latency", j, size, Result::p50) / median("latency", p, size, Result::p50);
                    b.append(' ').append(ratio(ratio)).append(" |");
                }
            }
            b.append('\n');
        }
        b.append("\nTail (median over runs of each run's p99.9 / max, µs):\n\n| size |");
        for (String s : systems) {
            b.append(' ').append(s).append(" p99.9 / max |");
        }
        b.append('\n').append("|---:|").append("---:|".repeat(systems.size())).append('\n');
        for (int size : options.sizes()) {
            b.append("| ").append(LatencyBench.sizeName(size)).append(" |");
            for (String s : systems) {
                b.append(' ').append(cell(micros(median("latency", s, size, Result::p999))))
                        .append(" / ").append(cell(micros(median("latency", s, size, Result::max)))).append(" |");
            }
            b.append('\n');
        }
        b.append("\nMessages per size and run: ");
        List<String> counts = new ArrayList<>();
        for (int size : options.sizes()) {
            RunSpec s = options.latencySpec(size);
            counts.add(String.format(Locale.ROOT, "%s %d + %d every %.2f ms", LatencyBench.sizeName(size), s.warmup(),
                    s.count(), s.intervalNanos() / 1e6));
        }
        b.append(String.join("; ", counts)).append(".\n");
        if (rows.stream().anyMatch(r -> r.kind().equals("throughput"))) {
            b.append("\nThroughput, 64 B back to back, ").append(options.quick() ? "one run (`--quick`)"
                    : "median over runs").append(" (messages/s received, from the first "
                    + "measured message to the last). jdora with `queue_size: ").append(options.throughputQueue())
                    .append("` and `backpressure` (no loss: a run that loses a message fails) or `drop_oldest` "
                            + "(messages sent but never received are counted as dropped):\n\n"
                            + "| system | msg/s | MB/s | drop_oldest msg/s | dropped (of sent) |\n"
                            + "|---|---:|---:|---:|---:|\n");
            for (String s : systems) {
                double rate = median("throughput", s, 64, Result::messagesPerSecond);
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
        }
        long failed = rows.stream().filter(r -> r.result() == null).count();
        if (failed > 0) {
            b.append("\n").append(failed).append(" run(s) failed:\n\n");
            rows.stream().filter(r -> r.result() == null).forEach(r -> b.append("- ").append(r.system()).append(' ')
                    .append(LatencyBench.sizeName(r.spec().size())).append(" run ").append(r.run()).append(": ")
                    .append(r.error().lines().findFirst().orElse("")).append('\n'));
        }
        b.append("\nSystems:\n\n");
        for (String d : describe()) {
            String name = d.substring(1, d.indexOf('`', 1));
            if (systems.contains(name)) {
                b.append("- ").append(d).append('\n');
            }
        }
        return b.toString();
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
            "`jdora-injvm` = the two-node dataflow run by DataflowRunner with the in-JVM transport (nodes are "
                    + "threads of the bench JVM)",
            "`jdora-shm` = the same dataflow on the shared-memory transport (every node a process); the receiver "
                    + "waits with `JDORA_IDLE=" + options.aeronIdle() + "`, the same strategy as the Aeron subscriber",
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

    private static String cell(String text) {
        return text.equals("NaN") ? "–" : text;
    }

    /** Nanoseconds as microseconds with a sensible number of decimals. */
    static String micros(double nanos) {
        if (Double.isNaN(nanos)) {
            return "NaN";
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
