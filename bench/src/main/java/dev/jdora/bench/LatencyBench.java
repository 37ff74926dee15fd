package dev.jdora.bench;

import io.aeron.driver.MediaDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The latency part ({@code --latency}): every system for every payload size, paced every 1 ms (cold: the receiver
 * has gone idle between messages) and every 20 µs (warm: it has not), runs interleaved (size → run → system, so
 * slow drift of a noisy machine spreads over all systems), then 64 B back to back (throughput). Writes
 * {@code latency.csv} (every run), {@code latency.md} (medians over runs, jdora / peer ratios, the machine) and
 * {@code latency.svg}; hands the latency, throughput and 40 MiB sections to the summary.
 *
 * <p>jdora systems: per transport, one per {@code --jdora-idle} value ({@code jdora-shm} waits with jdora's default
 * idle strategy, {@code jdora-shm-yield} with {@code JDORA_IDLE=yield}; the non-default ones only up to 64 KiB),
 * and {@value JdoraDataflow#ZERO_COPY} when its sender class is in the build.
 */
final class LatencyBench {

    /** The kind of a latency run paced every {@code --interval-us} (1 ms). */
    static final String COLD = "latency";
    /** The kind of a latency run paced every {@code --warm-interval-us} (20 µs). */
    static final String WARM = "latency-warm";
    static final String THROUGHPUT = "throughput";
    /** The kind of a back-to-back jdora run whose input is {@code drop_oldest} (drops are counted, not failures). */
    static final String DROP = "throughput-drop_oldest";
    /** The largest size the non-default jdora idle strategies are measured at. */
    static final int VARIANT_MAX_SIZE = 64 << 10;

    private LatencyBench() {
    }

    static List<Summary.Section> run(BenchOptions options, ZonedDateTime started, String machine) throws Exception {
        List<String> systems = systemNames(options);
        System.out.println("latency: systems " + systems + ", every " + options.intervalNanos() / 1000 + " µs: "
                + options.sizes().stream().map(LatencyBench::sizeName).toList() + ", every "
                + options.warmIntervalNanos() / 1000 + " µs: " + options.warmSizes().stream()
                .map(LatencyBench::sizeName).toList() + ", " + options.runs() + " run(s) each");
        if (options.systems().contains(CycloneDdsPeer.NAME) && CycloneDdsPeer.ddsperf().isEmpty()) {
            System.out.println("cyclonedds: skipped, ddsperf is not on the PATH (Debian: apt-get install "
                    + "cyclonedds-tools)");
        }
        if (options.systems().contains(BenchOptions.JDORA) && options.transports().contains("shm")
                && !JdoraDataflow.zeroCopyAvailable()) {
            System.out.println(JdoraDataflow.ZERO_COPY + ": skipped, " + JdoraDataflow.ZERO_COPY_SENDER
                    + " is not part of this build");
        }
        Path work = Files.createTempDirectory("jdora-bench-");
        List<Row> rows = new ArrayList<>();
        MediaDriver driver = systems.contains(BenchOptions.AERON) ? AeronIpc.launchDriver() : null;
        try {
            for (String kind : List.of(COLD, WARM)) {
                for (int size : kind.equals(COLD) ? options.sizes() : options.warmSizes()) {
                    RunSpec spec = kind.equals(COLD) ? options.latencySpec(size) : options.warmSpec(size);
                    System.out.printf(Locale.ROOT, "%n== %s, every %s, %d warm-up + %d measured%n", sizeName(size),
                            interval(spec.intervalNanos()), spec.warmup(), spec.count());
                    for (int run = 1; run <= options.runs(); run++) {
                        for (String system : systems) {
                            if (measures(system, size)) {
                                rows.add(measure(kind, system, spec, run, options, driver, work));
                            }
                        }
                    }
                }
            }
            if (options.throughput()) {
                throughput(options, systems, rows, driver, work);
            }
        } finally {
            if (driver != null) {
                driver.close();
            }
        }
        Report report = new Report(rows, systems, options, started, machine);
        Files.writeString(options.out().resolve("latency.csv"), report.csv());
        writeCharts(options.out(), started);
        String markdown = report.markdown();
        Files.writeString(options.out().resolve("latency.md"), markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("wrote " + options.out().resolve("latency.csv") + ", latency.md, latency.svg and "
                + "latency-warm.svg");
        boolean failed = rows.stream().anyMatch(r -> r.result() == null);
        if (failed) {
            System.out.println("some runs failed; their logs are under " + work);
        } else {
            deleteTree(work);
        }
        return report.sections();
    }

    private static void throughput(BenchOptions options, List<String> systems, List<Row> rows, MediaDriver driver,
                                   Path work) {
        int w = options.throughputCount() / 10;
        RunSpec spec = new RunSpec(64, 0, w, options.throughputCount() - w);
        System.out.printf(Locale.ROOT, "%n== throughput, 64 B back to back: %d warm-up + %d measured%n",
                spec.warmup(), spec.count());
        for (int run = 1; run <= options.runs(); run++) {
            for (String system : systems) {
                boolean jdora = system.startsWith(BenchOptions.JDORA);
                // jdora: the default idle strategy only (back to back, nobody waits long)
                if (jdora && !JdoraDataflow.Variant.of(system).isDefault()) {
                    continue;
                }
                if (system.equals(BenchOptions.AERON) || system.equals(BenchOptions.JEROMQ) || jdora) {
                    rows.add(measure(THROUGHPUT, system, spec, run, options, driver, work));
                }
                if (jdora) {
                    // received messages are counted after a 1 % warm-up: with drops, 10 % may never arrive
                    RunSpec drop = new RunSpec(64, 0, (int) (spec.total() / 100),
                            (int) (spec.total() - spec.total() / 100));
                    rows.add(measure(DROP, system, drop, run, options, driver, work));
                }
            }
        }
    }

    /**
     * Whether {@code system} is measured at {@code size}: non-default jdora idle strategies only up to 64 KiB,
     * Cyclone DDS up to {@link CycloneDdsPeer#MAX_SIZE}.
     */
    private static boolean measures(String system, int size) {
        if (system.equals(CycloneDdsPeer.NAME)) {
            return size <= CycloneDdsPeer.MAX_SIZE;
        }
        return !system.startsWith(BenchOptions.JDORA) || system.equals(JdoraDataflow.ZERO_COPY)
                || JdoraDataflow.Variant.of(system).isDefault() || size <= VARIANT_MAX_SIZE;
    }

    static String interval(long nanos) {
        return nanos >= 1_000_000 ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%d µs", nanos / 1000);
    }

    /** {@code latency.svg} (cold) and {@code latency-warm.svg} from the {@code latency.csv} in {@code out}. */
    static void writeCharts(Path out, ZonedDateTime when) throws IOException {
        Path csv = out.resolve("latency.csv");
        Chart.write(csv, COLD, out.resolve("latency.svg"), chartTitle(when, "paced every 1 ms"));
        Chart.write(csv, WARM, out.resolve("latency-warm.svg"), chartTitle(when, "paced every 20 µs"));
    }

    private static String chartTitle(ZonedDateTime when, String pacing) {
        return "p50 one-way latency vs size, " + pacing + " ("
                + when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd")) + ", " + Runtime.getRuntime()
                .availableProcessors() + " cores, JDK " + Runtime.version().feature() + ")";
    }

    /** The systems of this run, jdora expanded to one name per transport and idle strategy (and zero-copy). */
    static List<String> systemNames(BenchOptions options) {
        List<String> names = new ArrayList<>();
        for (String system : options.systems()) {
            if (system.equals(BenchOptions.JDORA)) {
                for (String t : options.transports()) {
                    for (String idle : options.jdoraIdles()) {
                        names.add(BenchOptions.JDORA + "-" + t + (idle.equals("default") ? "" : "-" + idle));
                    }
                }
                if (options.transports().contains("shm") && JdoraDataflow.zeroCopyAvailable()) {
                    names.add(JdoraDataflow.ZERO_COPY);
                }
            } else if (!system.equals(CycloneDdsPeer.NAME) || CycloneDdsPeer.ddsperf().isPresent()) {
                names.add(system);
            }
        }
        return names;
    }

    private static Row measure(String kind, String system, RunSpec spec, int run, BenchOptions options,
                               MediaDriver driver, Path work) {
        Path dir = work.resolve(kind + "-" + spec.size() + "-" + run + "-" + system);
        long start = System.nanoTime();
        Result result = null;
        String error = null;
        try {
            result = switch (system) {
                case BenchOptions.MEMCPY -> Memcpy.measure(spec);
                case BenchOptions.AERON -> AeronIpc.measure(driver, spec, options.aeronIdle(), dir);
                case BenchOptions.JEROMQ -> JeroMqPeer.measure(spec, options.aeronIdle(), dir);
                case BenchOptions.CHRONICLE -> ChronicleQueuePeer.measure(spec, dir);
                case CycloneDdsPeer.NAME -> CycloneDdsPeer.measure(spec, dir);
                default -> JdoraDataflow.measure(system, spec,
                        kind.startsWith(THROUGHPUT) ? options.throughputQueue() : 10,
                        kind.equals(DROP) ? "drop_oldest" : "backpressure", dir);
            };
        } catch (Exception | Error e) {
            error = e.toString();
        }
        Row row = new Row(kind, system, spec, run, result, error);
        print(row, (System.nanoTime() - start) / 1e9);
        return row;
    }

    /** Prints one run's line: latency percentiles, or the rate of a throughput run, or why it failed. */
    static void print(Row row, double seconds) {
        Result result = row.result();
        String kind = row.kind();
        String system = row.system();
        int run = row.run();
        RunSpec spec = row.spec();
        if (result == null) {
            System.out.printf(Locale.ROOT, "  run %d %-20s FAILED (%.1f s): %s%n", run, system, seconds, row.error());
        } else if (kind.startsWith(THROUGHPUT)) {
            System.out.printf(Locale.ROOT, "  run %d %-20s %,12.0f msg/s  %8.1f MB/s  %s(%.1f s)%n", run,
                    system + (kind.equals(DROP) ? " drop_oldest" : ""), result.messagesPerSecond(),
                    result.messagesPerSecond() * spec.size() / 1e6,
                    kind.equals(DROP) ? String.format(Locale.ROOT, "dropped %,d of %,d  ", result.dropped(),
                            spec.total()) : "", seconds);
        } else {
            System.out.printf(Locale.ROOT, "  run %d %-20s p50 %10s  p99 %10s  p99.9 %10s  max %10s  (%.1f s)%n",
                    run, system, Report.micros(result.p50()), Report.micros(result.p99()), Report.micros(result.p999()),
                    Report.micros(result.max()), seconds);
        }
    }

    /** One measured run (result null if it failed). */
    record Row(String kind, String system, RunSpec spec, int run, Result result, String error) {
    }

    static String sizeName(int size) {
        if (size >= 1 << 20 && size % (1 << 20) == 0) {
            return (size >> 20) + " MiB";
        }
        if (size >= 1 << 10 && size % (1 << 10) == 0) {
            return (size >> 10) + " KiB";
        }
        return size + " B";
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
