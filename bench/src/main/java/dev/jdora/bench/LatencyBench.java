package dev.jdora.bench;

import io.aeron.driver.MediaDriver;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every system for every payload size, at least 3 runs each, interleaved (size → run → system, so slow drift of
 * a noisy machine spreads over all systems), and writes {@code bench/results/latency.csv} (every run) and
 * {@code latency.md} (medians over runs, jdora / peer ratios, the machine).
 *
 * <pre>
 * java -jar bench/target/jdora-bench.jar --quick            # 64 B and 1 MiB, under 2 min on 2 cores
 * java -jar bench/target/jdora-bench.jar                    # every size
 * java -jar bench/target/jdora-bench.jar --transport injvm,shm --sizes 0,64,1m --runs 5
 * </pre>
 *
 * Run with {@code --help} for every option.
 */
public final class LatencyBench {

    static final String MEMCPY = "memcpy";
    static final String AERON = "aeron-ipc";
    static final String CHRONICLE = "chronicle-queue";
    static final String JEROMQ = "jeromq-tcp";
    static final String JDORA = "jdora";
    /** The kind of a back-to-back jdora run whose input is {@code drop_oldest} (drops are counted, not failures). */
    static final String DROP = "throughput-drop_oldest";

    private static final String LAUNCHED = "jdora.bench.launched";
    private static final List<Integer> ALL_SIZES =
            List.of(0, 64, 512, 4 << 10, 64 << 10, 1 << 20, 4 << 20, 40 << 20);
    private static final List<Integer> QUICK_SIZES = List.of(64, 1 << 20);

    private LatencyBench() {
    }

    /** The options, after parsing. */
    record Options(List<Integer> sizes, List<String> systems, List<String> transports, int runs, long intervalNanos,
                   int warmup, int count, long budgetNanos, boolean throughput, int throughputCount,
                   int throughputQueue, String aeronIdle, Path out, boolean quick,
                   boolean scaling) {

        /** The spec of a latency run of {@code size}: paced at least 1 ns per byte, capped to the time budget. */
        RunSpec latencySpec(int size) {
            long interval = Math.max(intervalNanos, size);
            long total = (long) warmup + count;
            long cap = Math.max(60, budgetNanos / interval);
            if (total <= cap) {
                return new RunSpec(size, interval, warmup, count);
            }
            int w = (int) Math.max(10, cap / 5);
            return new RunSpec(size, interval, w, (int) cap - w);
        }
    }

    /**
     * Runs the benchmark; see the class documentation.
     *
     * @param args options; {@code --help} lists them
     */
    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        ChildJvm.absolutizeClassPath();
        if (!Boolean.getBoolean(LAUNCHED)) {
            // Arrow, Aeron and Chronicle need the JVM options of the root pom in this JVM too (the in-JVM jdora
            // nodes run here): start again with them, so that `java -jar jdora-bench.jar` is the whole command.
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ChildJvm.jvmOptions());
            command.add("-D" + LAUNCHED + "=true");
            command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(LatencyBench.class.getName());
            command.addAll(Arrays.asList(args));
            System.exit(new ProcessBuilder(command).inheritIO().start().waitFor());
        }
        ZonedDateTime started = ZonedDateTime.now();
        String machine = machine();
        if (Arrays.asList(args).contains("--chart")) {
            Chart.write(options.out().resolve("latency.csv"), options.out().resolve("latency.svg"),
                    chartTitle(ZonedDateTime.ofInstant(Files.getLastModifiedTime(options.out().resolve("latency.csv"))
                            .toInstant(), java.time.ZoneOffset.UTC)));
            System.out.println("wrote " + options.out().resolve("latency.svg"));
            return;
        }
        if (options.scaling()) {
            ScalingBench.run(options, started, machine);
            return;
        }
        if (Arrays.asList(args).contains("--startup")) {
            StartupBench.run(options, started, machine);
            return;
        }
        System.out.println("jdora latency bench, " + started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println(machine);
        System.out.println("systems " + systemNames(options) + ", sizes " + options.sizes().stream()
                .map(LatencyBench::sizeName).toList() + ", " + options.runs() + " runs each");
        Path work = Files.createTempDirectory("jdora-bench-");
        List<Row> rows = new ArrayList<>();
        MediaDriver driver = options.systems().contains(AERON) ? AeronIpc.launchDriver() : null;
        try {
            for (int size : options.sizes()) {
                RunSpec spec = options.latencySpec(size);
                System.out.printf(Locale.ROOT, "%n== %s: every %.2f ms, %d warm-up + %d measured%n", sizeName(size),
                        spec.intervalNanos() / 1e6, spec.warmup(), spec.count());
                for (int run = 1; run <= options.runs(); run++) {
                    for (String system : systemNames(options)) {
                        rows.add(measure("latency", system, spec, run, options, driver, work));
                    }
                }
            }
            if (options.throughput()) {
                int w = options.throughputCount() / 10;
                RunSpec spec = new RunSpec(64, 0, w, options.throughputCount() - w);
                System.out.printf(Locale.ROOT, "%n== throughput, 64 B back to back: %d warm-up + %d measured%n",
                        spec.warmup(), spec.count());
                // --quick: one throughput run per system (the latency table keeps its medians over 3 runs)
                for (int run = 1; run <= (options.quick() ? 1 : options.runs()); run++) {
                    for (String system : systemNames(options)) {
                        if (system.equals(AERON) || system.equals(JEROMQ) || system.startsWith(JDORA)) {
                            rows.add(measure("throughput", system, spec, run, options, driver, work));
                        }
                        if (system.startsWith(JDORA)) {
                            // received messages are counted after a 1 % warm-up: with drops, 10 % may never arrive
                            RunSpec drop = new RunSpec(64, 0, (int) (spec.total() / 100),
                                    (int) (spec.total() - spec.total() / 100));
                            rows.add(measure(DROP, system, drop, run, options, driver, work));
                        }
                    }
                }
            }
        } finally {
            if (driver != null) {
                driver.close();
            }
        }
        Files.createDirectories(options.out());
        Report report = new Report(rows, systemNames(options), options, started, machine);
        Files.writeString(options.out().resolve("latency.csv"), report.csv());
        Chart.write(options.out().resolve("latency.csv"), options.out().resolve("latency.svg"), chartTitle(started));
        String markdown = report.markdown();
        Files.writeString(options.out().resolve("latency.md"), markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("wrote " + options.out().resolve("latency.csv") + " and latency.md");
        boolean failed = rows.stream().anyMatch(r -> r.result() == null);
        if (failed) {
            System.out.println("some runs failed; their logs are under " + work);
        } else {
            deleteTree(work);
        }
        System.exit(failed ? 1 : 0);
    }

    private static String chartTitle(ZonedDateTime when) {
        return "jdora and peers: p50 one-way latency vs payload size ("
                + when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd")) + ", " + Runtime.getRuntime()
                .availableProcessors() + " cores, JDK " + Runtime.version().feature() + ")";
    }

    static List<String> systemNames(Options options) {
        List<String> names = new ArrayList<>();
        for (String system : options.systems()) {
            if (system.equals(JDORA)) {
                options.transports().forEach(t -> names.add(JDORA + "-" + t));
            } else {
                names.add(system);
            }
        }
        return names;
    }

    private static Row measure(String kind, String system, RunSpec spec, int run, Options options,
                               MediaDriver driver, Path work) {
        Path dir = work.resolve(kind + "-" + spec.size() + "-" + run + "-" + system);
        long start = System.nanoTime();
        Result result = null;
        String error = null;
        try {
            if (system.equals(MEMCPY)) {
                result = Memcpy.measure(spec);
            } else if (system.equals(AERON)) {
                result = AeronIpc.measure(driver, spec, options.aeronIdle(), dir);
            } else if (system.equals(JEROMQ)) {
                result = JeroMqPeer.measure(spec, options.aeronIdle(), dir);
            } else if (system.equals(CHRONICLE)) {
                result = ChronicleQueuePeer.measure(spec, dir);
            } else {
                int queue = kind.startsWith("throughput") ? options.throughputQueue() : 10;
                String policy = kind.equals(DROP) ? "drop_oldest" : "backpressure";
                result = JdoraDataflow.measure(system.substring(JDORA.length() + 1), spec, queue, policy, dir,
                        options.aeronIdle());
            }
        } catch (Exception | Error e) {
            error = e.toString();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result == null) {
            System.out.printf(Locale.ROOT, "  run %d %-16s FAILED (%.1f s): %s%n", run, system, seconds, error);
        } else if (kind.startsWith("throughput")) {
            System.out.printf(Locale.ROOT, "  run %d %-16s %,12.0f msg/s  %8.1f MB/s  %s(%.1f s)%n", run,
                    system + (kind.equals(DROP) ? " drop_oldest" : ""), result.messagesPerSecond(),
                    result.messagesPerSecond() * spec.size() / 1e6,
                    kind.equals(DROP) ? String.format(Locale.ROOT, "dropped %,d of %,d  ", result.dropped(),
                            spec.total()) : "", seconds);
        } else {
            System.out.printf(Locale.ROOT, "  run %d %-16s p50 %10s  p99 %10s  p99.9 %10s  max %10s  (%.1f s)%n",
                    run, system, Report.micros(result.p50()), Report.micros(result.p99()), Report.micros(result.p999()),
                    Report.micros(result.max()), seconds);
        }
        return new Row(kind, system, spec, run, result, error);
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

    static int parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        int shift = 0;
        if (t.endsWith("k")) {
            shift = 10;
        } else if (t.endsWith("m")) {
            shift = 20;
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        long value = Long.parseLong(digits.trim()) << shift;
        if (value < 0 || value > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("bad size " + text);
        }
        return (int) value;
    }

    private static Options parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        boolean scaling = Arrays.asList(args).contains("--scaling");
        List<Integer> sizes = quick ? QUICK_SIZES : ALL_SIZES;
        List<String> systems = List.of(MEMCPY, AERON, JEROMQ, CHRONICLE, JDORA);
        List<String> transports = List.of("injvm", "shm");
        int runs = 3;
        long interval = 1_000_000;
        int warmup = quick ? 300 : 500;
        int count = quick ? 1000 : 2000;
        long budget = (quick ? 1_500L : 2_500L) * 1_000_000;
        boolean throughput = true;
        int tpCount = quick ? 100_000 : 500_000;
        int tpQueue = 1024;
        String idle = "yield";
        Path out = defaultOut();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick", "--scaling", "--chart", "--startup" -> { }
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(LatencyBench::parseSize).toList();
                case "--systems" -> systems = List.of(args[++i].split(","));
                case "--transport" -> transports = List.of(args[++i].split(","));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--interval-us" -> interval = Long.parseLong(args[++i]) * 1000;
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--budget-s" -> budget = (long) (Double.parseDouble(args[++i]) * 1e9);
                case "--no-throughput" -> throughput = false;
                case "--throughput-count" -> tpCount = Integer.parseInt(args[++i]);
                case "--throughput-queue" -> tpQueue = Integer.parseInt(args[++i]);
                case "--aeron-idle" -> idle = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.println(HELP);
                    System.exit(0);
                }
                default -> {
                    System.err.println("unknown option " + a + "\n" + HELP);
                    System.exit(2);
                }
            }
        }
        for (String s : systems) {
            if (!List.of(MEMCPY, AERON, JEROMQ, CHRONICLE, JDORA).contains(s)) {
                System.err.println("unknown system " + s + " (memcpy, aeron-ipc, jeromq-tcp, chronicle-queue, jdora)");
                System.exit(2);
            }
        }
        AeronIpc.idleStrategy(idle);
        return new Options(sizes, systems, transports, runs, interval, warmup, count, budget, throughput, tpCount,
                tpQueue, idle, out.toAbsolutePath().normalize(), quick, scaling);
    }

    private static final String HELP = """
            usage: java -jar bench/target/jdora-bench.jar [options]
              --quick                 64 B and 1 MiB only, fewer messages (under 2 minutes on 2 cores)
              --chart                 only redraw latency.svg from the latency.csv in --out
              --scaling               instead: jdora fan-out 1 -> 1/2/4/8, pipelines of 2/4/8 nodes and Reactor vs
                                      pull receiver, 64 B latency + throughput per shape (scaling.csv, scaling.md)
              --startup               instead: time from ./jdora run to the first Input at the last node of
                                      3- and 8-node pipelines, without, building and with the class-data archive,
                                      and the idle memory of each node process (startup.csv, startup.md; --runs)
              --sizes LIST            payload sizes, e.g. 0,64,512,4k,64k,1m,4m,40m (the default)
              --systems LIST          of memcpy,aeron-ipc,jeromq-tcp,chronicle-queue,jdora (default: all)
              --transport LIST        jdora transports: injvm (threads) and/or shm (processes); default both
              --runs N                runs per system and size (default 3; medians are over runs)
              --interval-us N         pause between sends (default 1000; at least 1 ns per payload byte)
              --warmup N --count N    messages dropped, then recorded, per run (default 500 + 2000; quick 300 + 1000)
              --budget-s S            time cap per run; large sizes get fewer messages (default 2.5; quick 1.5)
              --no-throughput         skip the back-to-back 64 B throughput runs
              --throughput-count N    messages per throughput run (default 500000; quick 100000,
                                      and one throughput run per system instead of --runs)
              --throughput-queue N    jdora queue_size (backpressure) for throughput runs (default 1024)
              --aeron-idle NAME       Aeron subscriber (and JeroMQ PULL) idle strategy: yield (default),
                                      spin, backoff; jdora nodes wait the same way (JDORA_IDLE)
              --out DIR               where latency.csv, .md and .svg go (default bench/results)""";

    /** {@code bench/results} beside the jar's {@code target} directory, else under the working directory. */
    private static Path defaultOut() {
        try {
            Path p = Path.of(LatencyBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path q = p; q != null; q = q.getParent()) {
                if (q.getFileName() != null && q.getFileName().toString().equals("target") && q.getParent() != null) {
                    return q.getParent().resolve("results");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of("bench", "results");
    }

    /** Cores, memory, CPU, OS and JDK of this machine, on one line. */
    static String machine() {
        String cpu = "?";
        String memory = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the question marks
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", memory);
        m.put("cpu", cpu);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        StringBuilder b = new StringBuilder("machine:");
        m.forEach((k, v) -> b.append(' ').append(k).append(' ').append(v).append(';'));
        b.setLength(b.length() - 1);
        return b.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
