package dev.jdora.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --idle}: what a waiting dataflow costs. An 8-node pipeline on {@code shm} (sender → 6
 * {@link JdoraForwarder}s → receiver, every node a JVM, jdora's default idle strategy) is warmed up (several thousand
 * messages, fast), then fed at 1 msg/s. Once the warm-up has reached the last node and 2 s have passed, the bench
 * reads, <b>from outside</b>, {@code utime + stime} of every node process ({@code /proc/<pid>/stat}: the whole thread
 * group, every thread) at the start and at the end of a window of {@code --idle-seconds} (default 30), and
 * {@code VmRSS} of each at the end ({@code /proc/<pid>/status}). The node processes are the JVMs the bench's own
 * process started (its descendants): this part runs nothing else meanwhile.
 *
 * <p>Target: ≤ 0.3 CPU-seconds over 30 s for all nodes together (1 % of one core; the limit scales with the window),
 * ≤ 64 MiB RSS per node.
 */
final class IdleBench {

    private static final int NODES = 8;
    private static final long WARMUP_INTERVAL_NS = 200_000;

    private IdleBench() {
    }

    /** CPU time and RSS of one process at one moment. */
    record Sample(long pid, String label, double cpuSeconds, long rssKiB) {
    }

    static List<Summary.Section> run(BenchOptions options, ZonedDateTime started, String machine) throws Exception {
        int seconds = options.idleSeconds();
        int warmup = options.quick() ? 2000 : 5000;
        // the sender goes on at 1 msg/s a little past the window, so the window never sees the run end
        RunSpec spec = new RunSpec(64, 1_000_000_000L, warmup, seconds + 4, WARMUP_INTERVAL_NS);
        Path work = Files.createTempDirectory("jdora-idle-");
        Path warm = work.resolve("warm.txt");
        Path result = work.resolve("result-0.txt");
        String yaml = yaml(spec, warm, result);
        Map<Long, Sample> before = new LinkedHashMap<>();
        Map<Long, Sample> after = new LinkedHashMap<>();
        long[] window = new long[1];
        System.out.printf(Locale.ROOT, "idle: 8-node pipeline on shm, %d warm-up messages every %d µs, then 1 msg/s; "
                + "window %d s%n", warmup, WARMUP_INTERVAL_NS / 1000, seconds);
        JdoraDataflow.run("shm", yaml, work, Duration.ofSeconds(seconds + 180), run -> {
            try {
                if (!ChildJvm.awaitFile(warm, Duration.ofSeconds(150))) {
                    run.kill();
                    throw new IllegalStateException("the warm-up did not reach the last node within 150 s");
                }
                Thread.sleep(2000);
                long t0 = System.nanoTime();
                nodeProcesses().forEach(p -> before.put(p, sample(p)));
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                nodeProcesses().forEach(p -> after.put(p, sample(p)));
                window[0] = System.nanoTime() - t0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Result latency = Result.read(result);
        double windowSeconds = window[0] / 1e9;
        double cpu = 0;
        long maxRss = 0;
        StringBuilder perNode = new StringBuilder("| node process (class, pid) | CPU-s in the window | VmRSS at the end (MiB) |\n"
                + "|---|---:|---:|\n");
        for (Map.Entry<Long, Sample> e : after.entrySet()) {
            Sample b = before.get(e.getKey());
            double used = e.getValue().cpuSeconds() - (b == null ? 0 : b.cpuSeconds());
            cpu += used;
            maxRss = Math.max(maxRss, e.getValue().rssKiB());
            perNode.append(String.format(Locale.ROOT, "| %s %d | %.2f | %.1f |%n", e.getValue().label(), e.getKey(),
                    used,
                    e.getValue().rssKiB() / 1024.0));
        }
        if (after.size() != NODES || before.size() != NODES) {
            System.out.println("idle: expected " + NODES + " node processes, saw " + before.size() + " then "
                    + after.size());
        }
        double limit = 0.01 * windowSeconds;
        double rssMiB = maxRss / 1024.0;
        String table = String.format(Locale.ROOT, "8-node pipeline on `shm`, jdora's default idle strategy, fed at "
                        + "1 msg/s after a warm-up of %,d messages: **%.2f CPU-s over %.1f s** for all %d node "
                        + "processes (%.2f %% of one core), largest node RSS **%.1f MiB** (sum %.0f MiB). "
                        + "p50 sender → last node at 1 msg/s: %s µs.%n%n%s",
                warmup, cpu, windowSeconds, after.size(), 100 * cpu / windowSeconds, rssMiB,
                after.values().stream().mapToLong(Sample::rssKiB).sum() / 1024.0, Report.micros(latency.p50()),
                perNode);
        String md = "# jdora idle cost\n\nMeasured " + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))
                + " by `jdora-bench --idle" + (seconds != 30 ? " --idle-seconds " + seconds : "") + "`. "
                + machine.replace("machine:", "Machine:") + ".\n\nCPU time read from outside, `/proc/<pid>/stat` "
                + "utime + stime of each node process (all its threads), at the start and the end of the window; "
                + "RSS from `/proc/<pid>/status` VmRSS at the end.\n\n" + table;
        Files.writeString(options.out().resolve("idle.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
        LatencyBench.deleteTree(work);
        return List.of(new Summary.Section("idle cost", table + "\nDetails: [idle.md](idle.md).\n", List.of(
                Summary.Target.of(String.format(Locale.ROOT, "idle 8-node pipeline ≤ 1 %% of a core (0.3 CPU-s over "
                        + "30 s; here %.2f CPU-s over %.0f s)", limit, windowSeconds), cpu, limit,
                        String.format(Locale.ROOT, "%.2f CPU-s (%.2f %% of a core)", cpu, 100 * cpu / windowSeconds)),
                Summary.Target.of("an idle node process ≤ 64 MiB RSS", rssMiB, 64,
                        String.format(Locale.ROOT, "largest %.1f MiB", rssMiB)))));
    }

    private static String yaml(RunSpec spec, Path warm, Path result) {
        StringBuilder env = JdoraDataflow.env(spec, null);
        StringBuilder y = new StringBuilder("# generated by dev.jdora.bench.IdleBench\nnodes:\n");
        y.append("  - id: sender\n    class: ").append(JdoraSender.class.getName()).append("\n    env:\n").append(env)
                .append("    outputs:\n      - data\n");
        String source = "sender";
        for (int i = 1; i <= NODES - 2; i++) {
            y.append("  - id: stage").append(i).append("\n    class: ").append(JdoraForwarder.class.getName())
                    .append("\n    env:\n").append(env).append("    inputs:\n      data:\n        source: ")
                    .append(source).append("/data\n        queue_policy: backpressure\n")
                    .append("    outputs:\n      - data\n");
            source = "stage" + i;
        }
        y.append("  - id: receiver\n    class: ").append(JdoraReceiver.class.getName()).append("\n    env:\n")
                .append(env).append("      BENCH_RESULT: \"").append(result).append("\"\n")
                .append("      BENCH_WARM_FILE: \"").append(warm).append("\"\n")
                .append("      BENCH_POLICY: \"backpressure\"\n")
                .append("    inputs:\n      data:\n        source: ").append(source).append("/data\n")
                .append("        queue_policy: backpressure\n");
        return y.toString();
    }

    /** The JVMs this process started and that still run: the node processes of the one dataflow running. */
    static List<Long> nodeProcesses() {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/java") || c.endsWith("java")).orElse(false))
                .forEach(p -> pids.add(p.pid()));
        return pids;
    }

    /** The simple name of the class a node process runs (the last word of its command line), or "?". */
    private static String mainClass(long pid) {
        try {
            String[] words = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0");
            String last = words[words.length - 1];
            return last.substring(last.lastIndexOf('.') + 1);
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static final long TICKS = clockTicks();

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 100;
        }
    }

    /** utime + stime (seconds) of the whole process and its VmRSS (KiB); zeros if it has gone. */
    static Sample sample(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": f[0] is field 3 (state); utime is field 14, stime field 15
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long rss = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
            return new Sample(pid, mainClass(pid), ticks / (double) TICKS, rss);
        } catch (IOException | RuntimeException e) {
            return new Sample(pid, "gone", 0, 0);
        }
    }
}
