package dev.jdora.bench;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options of one bench invocation, parsed once ({@link #parse}) and immutable after.
 *
 * <p>Which <em>parts</em> run: {@code --latency}, {@code --scaling}, {@code --idle}, {@code --lossless N},
 * {@code --jmh-gc}, {@code --startup}, {@code --cluster}, in any combination; none of them (or {@code --full}) runs every part, and
 * writes {@code summary.md}. A new part is one entry in {@link BenchMain#PARTS} and one flag in {@link #PART_FLAGS}.
 *
 * @param sizes          payload sizes of the latency runs paced every {@code intervalNanos} (cold)
 * @param warmSizes      payload sizes of the latency runs paced every {@code warmIntervalNanos} (warm)
 * @param systems        memcpy, aeron-ipc, jeromq-tcp, chronicle-queue, cyclonedds, jdora
 * @param transports     jdora transports (injvm, shm)
 * @param jdoraIdles     how jdora nodes wait: {@code default} (JDORA_IDLE unset) and/or a JDORA_IDLE value
 * @param parts          the parts to run, in order
 * @param losslessCount  messages of the lossless run
 * @param idleSeconds    the measured window of the idle-cost run
 */
record BenchOptions(List<Integer> sizes, List<Integer> warmSizes, List<String> systems, List<String> transports,
                    List<String> jdoraIdles, int runs, long intervalNanos, long warmIntervalNanos, int warmup,
                    int count, int warmWarmup, int warmCount, long budgetNanos, boolean throughput,
                    int throughputCount, int throughputQueue, String aeronIdle, Path out, boolean quick,
                    Set<String> parts, long losslessCount, int idleSeconds) {

    static final String MEMCPY = "memcpy";
    static final String AERON = "aeron-ipc";
    static final String CHRONICLE = "chronicle-queue";
    static final String JEROMQ = "jeromq-tcp";
    static final String JDORA = "jdora";
    static final List<String> ALL_SYSTEMS = List.of(MEMCPY, AERON, JEROMQ, CHRONICLE, CycloneDdsPeer.NAME, JDORA);

    /** Flag → part name; the order is the order parts run in. */
    static final List<String> PART_FLAGS = List.of("latency", "scaling", "idle", "lossless", "jmh-gc", "startup",
            "cluster");

    /** Sizes paced every 1 ms in a full run; --quick keeps those the targets name (64 B, 4 KiB, 40 MiB). */
    private static final List<Integer> ALL_SIZES =
            List.of(0, 64, 4 << 10, 64 << 10, 1 << 20, 4 << 20, 40 << 20);
    private static final List<Integer> QUICK_SIZES = List.of(64, 4 << 10, 40 << 20);
    private static final List<Integer> QUICK_WARM_SIZES = List.of(64, 4 << 10);
    /** Sizes paced every 20 µs. */
    private static final List<Integer> WARM_SIZES = List.of(0, 64, 4 << 10, 64 << 10);

    /** The spec of a cold latency run of {@code size}: paced at least 1 ns per byte, capped to the time budget. */
    RunSpec latencySpec(int size) {
        return capped(size, intervalNanos, warmup, count);
    }

    /** The spec of a warm latency run of {@code size} (paced every {@code warmIntervalNanos}, ≥ 1 ns per byte). */
    RunSpec warmSpec(int size) {
        return capped(size, warmIntervalNanos, warmWarmup, warmCount);
    }

    private RunSpec capped(int size, long every, int w0, int n0) {
        long interval = Math.max(every, size);
        long total = (long) w0 + n0;
        long cap = Math.max(60, budgetNanos / interval);
        if (total <= cap) {
            return new RunSpec(size, interval, w0, n0);
        }
        int w = (int) Math.max(10, cap / 5);
        return new RunSpec(size, interval, w, (int) cap - w);
    }

    boolean runs(String part) {
        return parts.contains(part);
    }

    /** Every part ran (or was asked for): the summary covers every question. */
    boolean full() {
        return parts.containsAll(PART_FLAGS);
    }

    static BenchOptions parse(String[] args) {
        List<String> list = Arrays.asList(args);
        boolean quick = list.contains("--quick");
        List<Integer> sizes = quick ? QUICK_SIZES : ALL_SIZES;
        List<Integer> warmSizes = quick ? QUICK_WARM_SIZES : WARM_SIZES;
        List<String> systems = ALL_SYSTEMS;
        List<String> transports = List.of("injvm", "shm");
        List<String> idles = List.of("default", "yield");
        int runs = quick ? 1 : 3;
        long interval = 1_000_000;
        long warmInterval = 20_000;
        int warmup = quick ? 300 : 500;
        int count = quick ? 1000 : 1500;
        int warmWarmup = quick ? 2000 : 5000;
        int warmCount = quick ? 10_000 : 20_000;
        long budget = (quick ? 1_500L : 2_000L) * 1_000_000;
        boolean throughput = true;
        int tpCount = quick ? 100_000 : 500_000;
        int tpQueue = 1024;
        String idle = "yield";
        Path out = defaultOut();
        Set<String> parts = new LinkedHashSet<>();
        long lossless = quick ? 1_000_000 : 10_000_000;
        int idleSeconds = quick ? 10 : 30;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick", "--chart" -> { }
                case "--full" -> parts.addAll(PART_FLAGS);
                case "--latency", "--scaling", "--idle", "--jmh-gc", "--startup", "--cluster" -> parts.add(a.substring(2));
                case "--lossless" -> {
                    parts.add("lossless");
                    if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        lossless = parseCount(args[++i]);
                    }
                }
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
                case "--sizes" -> sizes = sizeList(args[++i]);
                case "--warm-sizes" -> warmSizes = sizeList(args[++i]);
                case "--systems" -> systems = List.of(args[++i].split(","));
                case "--transport" -> transports = List.of(args[++i].split(","));
                case "--jdora-idle" -> idles = List.of(args[++i].split(","));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--interval-us" -> interval = Long.parseLong(args[++i]) * 1000;
                case "--warm-interval-us" -> warmInterval = Long.parseLong(args[++i]) * 1000;
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--warm-warmup" -> warmWarmup = Integer.parseInt(args[++i]);
                case "--warm-count" -> warmCount = Integer.parseInt(args[++i]);
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
                default -> fail("unknown option " + a);
            }
        }
        for (String s : systems) {
            if (!ALL_SYSTEMS.contains(s)) {
                fail("unknown system " + s + " " + ALL_SYSTEMS);
            }
        }
        if (parts.isEmpty()) {
            parts.addAll(PART_FLAGS);
        }
        AeronIpc.idleStrategy(idle);
        return new BenchOptions(sizes, warmSizes, systems, transports, idles, runs, interval, warmInterval, warmup,
                count, warmWarmup, warmCount, budget, throughput, tpCount, tpQueue, idle,
                out.toAbsolutePath().normalize(), quick, Set.copyOf(parts), lossless, idleSeconds);
    }

    private static List<Integer> sizeList(String text) {
        return Arrays.stream(text.split(",")).map(BenchOptions::parseSize).toList();
    }

    private static void fail(String message) {
        System.err.println(message + "\n" + HELP);
        System.exit(2);
    }

    /** {@code 10m} = 10,000,000; {@code 500k}; plain digits. */
    static long parseCount(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        long factor = t.endsWith("m") ? 1_000_000 : t.endsWith("k") ? 1_000 : 1;
        return Long.parseLong(factor == 1 ? t : t.substring(0, t.length() - 1)) * factor;
    }

    static int parseSize(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace("ib", "").replace("b", "");
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

    static final String HELP = """
            usage: java -jar bench/target/jdora-bench.jar [parts] [options]
            parts (none, or --full: all of them, then summary.md with every target met / not met):
              --latency               one-way latency paced every 1 ms (cold) and every 20 us (warm), every system,
                                      plus 64 B throughput back to back (latency.csv/.md/.svg)
              --scaling               fan-out 1 -> 1/2/4/8, pipelines of 2/4/8, Reactor vs pull (scaling.csv/.md)
              --idle                  idle cost: CPU seconds and RSS of an 8-node pipeline fed at 1 msg/s (idle.md)
              --lossless N            N messages (e.g. 10m) under backpressure, consumer slow at first: gaps,
                                      duplicates, run-directory size (lossless.md)
              --jmh-gc                TransportBenchmark with -prof gc: bytes allocated per message (jmh-gc.md)
              --startup               start-up time to the first Input (when this build has the start-up class)
              --cluster               node -> node between two network namespaces over a veth link (coordinator and
                                      two daemons) next to raw Aeron UDP and JeroMQ TCP over the same link: 64 B,
                                      64 KiB, 1 MiB, latency and throughput (cluster.md/.csv; needs root, else
                                      skipped)
            options:
              --quick                 fewer sizes, messages and runs: every part in a few minutes
              --chart                 only redraw latency.svg from the latency.csv in --out
              --sizes LIST            sizes paced every 1 ms (default 0,64,4k,64k,1m,4m,40m; quick 64,4k,40m)
              --warm-sizes LIST       sizes paced every 20 us (default 0,64,4k,64k; quick 64,4k)
              --systems LIST          of memcpy,aeron-ipc,jeromq-tcp,chronicle-queue,cyclonedds,jdora (default all;
                                      cyclonedds is skipped when ddsperf is not on the PATH)
              --transport LIST        jdora transports: injvm (threads) and/or shm (processes); default both
              --jdora-idle LIST       how jdora nodes wait: default (JDORA_IDLE unset) and/or yield, spin, backoff
                                      (default: default,yield; the second one only for sizes up to 64 KiB)
              --runs N                runs per system and size (default 3, quick 1; medians are over runs)
              --interval-us N         cold pacing (default 1000; at least 1 ns per payload byte)
              --warm-interval-us N    warm pacing (default 20; the sender spins below 200 us)
              --warmup N --count N    cold: messages dropped, then recorded (default 500 + 1500; quick 300 + 1000)
              --warm-warmup N --warm-count N   warm: the same (default 5000 + 20000; quick 2000 + 10000)
              --budget-s S            time cap per run; large sizes get fewer messages (default 2; quick 1.5)
              --no-throughput         skip the back-to-back 64 B throughput runs
              --throughput-count N    messages per throughput run (default 500000; quick 100000)
              --throughput-queue N    jdora queue_size (backpressure) for throughput runs (default 1024)
              --aeron-idle NAME       Aeron subscriber and JeroMQ PULL idle strategy: yield (default), spin, backoff
              --idle-seconds S        the measured window of --idle (default 30; quick 10)
              --out DIR               where results go (default bench/results)""";

    /** {@code bench/results} beside the jar's {@code target} directory, else under the working directory. */
    private static Path defaultOut() {
        try {
            Path p = Path.of(BenchOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
}
