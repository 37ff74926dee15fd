package dev.jdora.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToDoubleFunction;

/**
 * The cluster part ({@code --cluster}): node → node between two "machines", next to raw Aeron UDP and JeroMQ TCP over
 * the same link, in the same run. The machines are two network namespaces joined by a veth pair
 * ({@link NetNamespaces}); where they cannot be made (not root) the part says so on one line and is skipped.
 *
 * <ul>
 *   <li>{@value #JDORA}: a coordinator and daemon {@code a} in namespace A, daemon {@code b} in namespace B, each a
 *       {@code jdora} process ({@code ip netns exec NS java … dev.jdora.cli.Main coordinator|daemon}); every run is
 *       {@code jdora start} of a two-node dataflow, {@link JdoraSender} on machine a → {@link JdoraReceiver} on
 *       machine b, {@code backpressure}: sender → shm → the daemon's forwarder → Aeron UDP → the other daemon's
 *       receiver → shm → receiver.</li>
 *   <li>{@value #AERON}: {@link AeronUdp}, a publisher process in A and a subscriber process in B, each with its own
 *       media driver.</li>
 *   <li>{@value #JEROMQ}: {@link JeroMqPeer}, PUSH in A → PULL in B over TCP.</li>
 * </ul>
 *
 * For 64 B, 64 KiB and 1 MiB: one-way latency of paced sends (every 1 ms; 1 MiB every 5 ms), the receiver's
 * {@code nanoTime()} minus the send stamp carried in the message (both namespaces run on one kernel, so
 * {@code CLOCK_MONOTONIC} is one clock for both), then throughput back to back for a bounded count. Runs interleaved
 * (size → kind → run → system). Writes {@code cluster.csv} (every run) and {@code cluster.md} (medians over runs, the
 * ratio jdora / peer). Removes what it made: its processes (and the daemons' node processes), both namespaces, its
 * temporary directory (kept when a run failed, for the logs).
 */
final class ClusterBench {

    static final String JDORA = "jdora";
    static final String AERON = "aeron-udp";
    static final String JEROMQ = "jeromq-tcp";
    static final List<String> SYSTEMS = List.of(JDORA, AERON, JEROMQ);
    static final List<Integer> SIZES = List.of(64, 64 << 10, 1 << 20);
    static final String LATENCY = "latency";
    static final String THROUGHPUT = "throughput";

    private static final String CLI_MAIN = "dev.jdora.cli.Main";
    private static final int COORDINATOR_PORT = 6012;
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    /** Bytes a jdora throughput run's receiver queue may hold (queue_size = this / size, 8 … 1024). */
    private static final long QUEUE_BYTES = 64L << 20;

    private ClusterBench() {
    }

    /**
     * The latency run of {@code size}: every 1 ms (1 MiB: every 5 ms, fewer messages), a warm-up as long as the
     * measured part (jdora's forwarding threads and node JVMs compile during it; the first 600 messages of a first run
     * arrived at about 300/s on a busy machine).
     */
    static RunSpec latencySpec(BenchOptions options, int size) {
        if (size >= 1 << 20) {
            return new RunSpec(size, 5_000_000, options.quick() ? 50 : 100, options.quick() ? 200 : 400);
        }
        return new RunSpec(size, 1_000_000, options.quick() ? 1_000 : 2_000, options.quick() ? 1_000 : 2_000);
    }

    /** The throughput run of {@code size}: back to back, about 1 GB at most, a tenth of it warm-up. */
    static RunSpec throughputSpec(BenchOptions options, int size) {
        int total;
        if (size <= 1024) {
            total = options.quick() ? 50_000 : 200_000;
        } else if (size < 1 << 20) {
            total = options.quick() ? 4_000 : 12_000;
        } else {
            total = options.quick() ? 300 : 1_000;
        }
        return new RunSpec(size, 0, total / 10, total - total / 10);
    }

    static List<Summary.Section> run(BenchOptions options, ZonedDateTime started, String machine) throws Exception {
        NetNamespaces net;
        try {
            net = NetNamespaces.create();
        } catch (NetNamespaces.Unavailable e) {
            System.out.println("cluster: skipped, cannot create network namespaces here (needs root and iproute2): "
                    + e.getMessage());
            return List.of(new Summary.Section("cluster", "Not measured: network namespaces cannot be created here ("
                    + e.getMessage() + ").", List.of()));
        }
        Path work = Files.createTempDirectory("jdora-cluster-");
        List<LatencyBench.Row> rows = new ArrayList<>();
        String load = loadAverage();
        try (net; Cluster cluster = Cluster.start(net, work)) {
            System.out.println("cluster: " + net.describe() + "; coordinator and daemon a in A, daemon b in B");
            System.out.println("cluster: one-way latency = receive nanoTime() − the send nanoTime() carried in the "
                    + "message; both namespaces share one kernel, so CLOCK_MONOTONIC is one clock for both");
            for (int size : SIZES) {
                for (String kind : List.of(LATENCY, THROUGHPUT)) {
                    RunSpec spec = kind.equals(LATENCY) ? latencySpec(options, size) : throughputSpec(options, size);
                    System.out.printf(Locale.ROOT, "%n== %s %s, %s, %d warm-up + %d measured%n",
                            LatencyBench.sizeName(size), kind, spec.intervalNanos() == 0 ? "back to back"
                                    : "every " + LatencyBench.interval(spec.intervalNanos()), spec.warmup(),
                            spec.count());
                    for (int run = 1; run <= options.runs(); run++) {
                        for (String system : SYSTEMS) {
                            rows.add(measure(kind, system, spec, run, options, net, cluster, work));
                        }
                    }
                }
            }
        }
        Report report = new Report(rows, SYSTEMS, options, started, machine);
        Files.writeString(options.out().resolve("cluster.csv"), report.csv(), StandardCharsets.UTF_8);
        String tables = tables(report, options);
        String md = "# jdora across two machines: node → node over a veth link\n\nMeasured "
                + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))
                + " by `java -jar bench/target/jdora-bench.jar --cluster" + (options.quick() ? " --quick" : "")
                + "`. " + machine.replace("machine:", "Machine:") + "; load average at the start of the part: " + load
                + ".\n\n" + tables + "\n" + setup(options) + "\n";
        Files.writeString(options.out().resolve("cluster.md"), md, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        System.out.println("wrote " + options.out().resolve("cluster.md") + " and cluster.csv");
        if (rows.stream().anyMatch(r -> r.result() == null)) {
            System.out.println("some runs failed; their logs are under " + work);
        } else {
            LatencyBench.deleteTree(work);
        }
        return List.of(new Summary.Section("cluster", tables + "\nDetails: [cluster.md](cluster.md).\n", List.of()));
    }

    private static LatencyBench.Row measure(String kind, String system, RunSpec spec, int run, BenchOptions options,
                                            NetNamespaces net, Cluster cluster, Path work) {
        Path dir = work.resolve(kind + "-" + spec.size() + "-" + run + "-" + system);
        long start = System.nanoTime();
        Result result = null;
        String error = null;
        try {
            result = switch (system) {
                case AERON -> AeronUdp.measure(spec, options.aeronIdle(), dir, net.b(), net.a());
                case JEROMQ -> JeroMqPeer.measure(spec, options.aeronIdle(), dir, net.b(), net.a());
                default -> cluster.measure(spec, kind + "-" + spec.size() + "-" + run,
                        kind.equals(THROUGHPUT) ? queueSize(spec.size()) : 10, dir);
            };
        } catch (Exception | Error e) {
            error = e.toString();
        }
        LatencyBench.Row row = new LatencyBench.Row(kind, system, spec, run, result, error);
        LatencyBench.print(row, (System.nanoTime() - start) / 1e9);
        return row;
    }

    /** The receiver's queue_size in a jdora throughput run: {@value #QUEUE_BYTES} bytes' worth, 8 … 1024. */
    static int queueSize(int size) {
        return (int) Math.max(8, Math.min(1024, QUEUE_BYTES / Math.max(1, size)));
    }

    /** The two tables (latency, throughput) of {@code cluster.md}, the README's Performance section and the summary. */
    private static String tables(Report r, BenchOptions options) {
        StringBuilder b = new StringBuilder("**One-way latency**, p50 / p99 in µs, median over " + options.runs()
                + " run(s):\n\n| size | paced every | jdora | aeron-udp | jeromq-tcp | jdora / aeron-udp | "
                + "jdora / jeromq-tcp |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int size : SIZES) {
            b.append("| ").append(LatencyBench.sizeName(size)).append(" | ")
                    .append(LatencyBench.interval(latencySpec(options, size).intervalNanos())).append(" |");
            for (String s : SYSTEMS) {
                b.append(' ').append(Report.micros(r.median(LATENCY, s, size, Result::p50))).append(" / ")
                        .append(Report.micros(r.median(LATENCY, s, size, Result::p99))).append(" |");
            }
            ratios(b, r, LATENCY, size, Result::p50);
        }
        b.append("\n**Throughput**, back to back, `backpressure` for jdora, messages/s (MB/s), median over ")
                .append(options.runs()).append(" run(s); a ratio below 1 means jdora is slower:\n\n| size | messages | "
                        + "jdora | aeron-udp | jeromq-tcp | jdora / aeron-udp | jdora / jeromq-tcp |\n"
                        + "|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int size : SIZES) {
            RunSpec spec = throughputSpec(options, size);
            b.append("| ").append(LatencyBench.sizeName(size)).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", spec.total())).append(" |");
            for (String s : SYSTEMS) {
                double rate = r.median(THROUGHPUT, s, size, Result::messagesPerSecond);
                b.append(' ').append(Summary.fmt(rate, "%,.0f")).append(" (")
                        .append(Summary.fmt(rate * size / 1e6, "%,.1f")).append(") |");
            }
            ratios(b, r, THROUGHPUT, size, Result::messagesPerSecond);
        }
        return b.toString();
    }

    private static void ratios(StringBuilder b, Report r, String kind, int size, ToDoubleFunction<Result> metric) {
        double jdora = r.median(kind, JDORA, size, metric);
        for (String peer : List.of(AERON, JEROMQ)) {
            b.append(' ').append(Report.ratio(jdora / r.median(kind, peer, size, metric))).append(" |");
        }
        b.append('\n');
    }

    private static String setup(BenchOptions options) {
        return "Set-up: two network namespaces on this one host joined by a veth pair (no real network: the link "
                + "costs a kernel crossing, not a wire). One-way latency = the receiver's `nanoTime()` minus the send "
                + "`nanoTime()` carried in the message; both namespaces run on one kernel, so `CLOCK_MONOTONIC` is "
                + "one clock for both. Latency runs: " + latencySpec(options, 64).warmup() + " warm-up + "
                + latencySpec(options, 64).count() + " measured messages every 1 ms (1 MiB: " + latencySpec(options, 1 << 20).warmup() + " + "
                + latencySpec(options, 1 << 20).count() + " every 5 ms); throughput: back to back, the first tenth "
                + "not counted, the rate from the first counted message to the last.\n\n"
                + "- `jdora` = `jdora start` of a two-node dataflow through a coordinator and two daemons (each a "
                + "`jdora` process in its namespace, started as `jdora coordinator`/`jdora daemon` are): "
                + "`JdoraSender` on machine a → `JdoraReceiver` on machine b, `backpressure`, queue_size 10 for "
                + "latency, 8–1024 (64 MiB' worth) for throughput; the path is sender → shm → the daemon's forwarder "
                + "→ Aeron UDP (4 MiB terms) → the other daemon's receiver → shm → receiver, every node a JVM of its "
                + "own, jdora's default idle strategy.\n"
                + "- `aeron-udp` = raw Aeron: a publisher process in A, a subscriber process in B, each with its own "
                + "embedded media driver (shared threading mode), unicast, 4 MiB terms like jdora's edges, default "
                + "MTU; the subscriber polls with the `" + options.aeronIdle() + "` idle strategy.\n"
                + "- `jeromq-tcp` = JeroMQ " + JeroMqPeer.VERSION + " PUSH in A → PULL in B over TCP on the veth "
                + "link, two-frame message [stamp][payload], PULL polling with the `" + options.aeronIdle()
                + "` idle strategy.\n";
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * A coordinator and a daemon in namespace A, a daemon in namespace B, for the whole part: {@code jdora} processes
     * with a private runtime directory and a random secret. {@link #close()} kills them and the node processes their
     * daemons started.
     */
    private static final class Cluster implements AutoCloseable {

        private final NetNamespaces net;
        private final Path work;
        private final Path runtimeDir;
        private final String secret;
        private final String coordinator;
        private final List<ChildJvm> processes = new ArrayList<>();

        private Cluster(NetNamespaces net, Path work) throws IOException {
            this.net = net;
            this.work = work;
            this.runtimeDir = Files.createDirectory(work.resolve("runtime"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            byte[] random = new byte[16];
            ThreadLocalRandom.current().nextBytes(random);
            this.secret = HexFormat.of().formatHex(random);
            this.coordinator = net.a().address() + ":" + COORDINATOR_PORT;
        }

        static Cluster start(NetNamespaces net, Path work) throws Exception {
            Cluster c = new Cluster(net, work);
            try {
                c.awaitLine(c.jdora(net.a(), "coordinator", "coordinator", "--bind", c.coordinator),
                        "coordinator listening on");
                c.daemon(net.a(), "a");
                c.daemon(net.b(), "b");
                return c;
            } catch (Exception | Error e) {
                c.close();
                throw e;
            }
        }

        /**
         * Starts daemon {@code id} on {@code host} and waits until it has registered; on a busy machine its first
         * request may time out (the daemon then exits), so it is tried up to three times.
         */
        private void daemon(Host host, String id) throws InterruptedException {
            for (int attempt = 1; ; attempt++) {
                ChildJvm d = jdora(host, "daemon-" + id + (attempt == 1 ? "" : "-" + attempt), "daemon", "--machine-id",
                        id, "--coordinator", coordinator, "--log-dir", work.resolve("out-" + id).toString());
                try {
                    awaitLine(d, "machine '" + id + "' registered");
                    return;
                } catch (IllegalStateException e) {
                    d.close();
                    if (attempt == 3) {
                        throw e;
                    }
                    System.out.println("cluster: daemon " + id + " did not register (attempt " + attempt + "), again");
                }
            }
        }

        /** {@code jdora ARGS} in {@code host}'s namespace, its output in {@code <work>/<label>.log}. */
        private ChildJvm jdora(Host host, String label, String... args) {
            ChildJvm p = ChildJvm.start("jdora " + label, host, List.of("-Djdora.runtimeDir=" + runtimeDir),
                    Map.of("JDORA_TOKEN", secret), CLI_MAIN, List.of(args), work.resolve(label + ".log"));
            processes.add(p);
            return p;
        }

        /** Waits until {@code p}'s output has {@code text}; fails if it ends or {@link #START_LIMIT} passes. */
        private void awaitLine(ChildJvm p, String text) throws InterruptedException {
            long deadline = System.nanoTime() + START_LIMIT.toNanos();
            while (!p.output().contains(text)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("no '" + text + "' from " + p.log() + ": " + p.output());
                }
                Thread.sleep(20); // polling for a condition
            }
        }

        /** One run: {@code jdora start} of the sender → receiver dataflow, then its receiver's result. */
        Result measure(RunSpec spec, String name, int queueSize, Path dir) throws Exception {
            Files.createDirectories(dir);
            Path result = dir.resolve("jdora-result.txt");
            String yaml = JdoraDataflow.yaml(spec, queueSize, "backpressure", result,
                            JdoraDataflow.Variant.of("jdora-shm"))
                    .replace("  - id: sender\n", "  - id: sender\n    deploy: {machine: a}\n")
                    .replace("  - id: receiver\n", "  - id: receiver\n    deploy: {machine: b}\n");
            Path flow = Files.writeString(dir.resolve("cluster.yml"), yaml, StandardCharsets.UTF_8);
            ChildJvm start = jdora(net.a(), "start-" + name, "start", "--coordinator", coordinator, "--name", name,
                    flow.toString());
            start.awaitSuccess(START_LIMIT);
            if (!ChildJvm.awaitFile(result, RUN_LIMIT)) {
                throw new IllegalStateException("no result within " + RUN_LIMIT + "; node logs under " + work);
            }
            awaitNodesGone();
            return Result.read(result);
        }

        /** Waits (at most 30 s) until the daemons' node processes of the last run have exited. */
        private void awaitNodesGone() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (processes.stream().anyMatch(ChildJvm::hasChildren) && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling for a condition
            }
        }

        @Override
        public void close() {
            for (int i = processes.size() - 1; i >= 0; i--) {
                processes.get(i).close();
            }
        }
    }
}
