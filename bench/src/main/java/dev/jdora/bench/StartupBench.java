package dev.jdora.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * {@code --startup}: how long {@code jdora run} takes to bring a dataflow up, and what an idle node process costs.
 *
 * <p>Each run launches the repository's {@code ./jdora run} script as a process, as a user does (so the daemon JVM's
 * own start is included), on a pipeline of 3 or 8 node processes: {@link StartupSource} → {@link JdoraForwarder}s →
 * {@link StartupSink}. The time is from just before the launch to the wall-clock stamp the sink writes when its first
 * {@code Input} arrives. At that moment the CPU time every node process has used so far is read from
 * {@code /proc/<pid>/stat} (a figure that a busy machine disturbs less than the wall clock); 5 s later, with every
 * node waiting idle, their memory from {@code /proc/<pid>/status} ({@code VmRSS}, {@code RssAnon}) and
 * {@code smaps_rollup} ({@code Pss}: shared pages such as the JVM's code and the class-data archive divided among the
 * processes that map them). Then the run is stopped with SIGTERM, as Ctrl-C would.
 *
 * <p>Three modes per shape, interleaved run by run: {@code off} ({@code JDORA_CDS=off}, no class-data archive, as
 * every run was before it), {@code cold} (an empty cache: the first run of a jdora build, which builds the archive
 * before it launches the nodes) and {@code warm} (the archive is there). The node JVM defaults of the root pom apply
 * in every mode. Writes {@code startup.csv} (every run) and {@code startup.md} (medians).
 */
final class StartupBench {

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final List<Integer> SHAPES = List.of(3, 8);
    private static final List<String> MODES = List.of("off", "cold", "warm");
    private static final double FIRST_INPUT_TARGET_MS = 3000;
    private static final double RSS_TARGET_MIB = 64;

    private record Row(int nodes, String mode, int run, long firstInputMillis, double nodeCpuSeconds,
                       List<long[]> memory, String error) {

        /** Per node: VmRSS, RssAnon, Pss in KiB. */
        double median(int field) {
            return StartupBench.median(memory.stream().map(m -> (double) m[field]).toList());
        }

        double max(int field) {
            return memory.stream().mapToDouble(m -> m[field]).max().orElse(Double.NaN);
        }
    }

    private StartupBench() {
    }

    /** The start-up part of {@link BenchMain}: measures, writes startup.csv/.md, returns its summary section. */
    static List<Summary.Section> run(BenchOptions options, ZonedDateTime started, String machine) throws Exception {
        Path script = repositoryScript();
        Path work = Files.createTempDirectory("jdora-startup-");
        Path warmCache = work.resolve("warm-cache");
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.println("jdora start-up bench, " + started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println(machine);
        System.out.println("load average at start: " + load + "; " + options.runs() + " runs per shape and mode");
        // the warm cache gets its archive from one untimed run first
        measure(script, 3, "prepare", 0, warmCache, work);
        List<Row> rows = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            for (int nodes : SHAPES) {
                for (String mode : MODES) {
                    Path cache = mode.equals("warm") ? warmCache : work.resolve("cache-" + nodes + "-" + mode + run);
                    Row row = measure(script, nodes, mode, run, cache, work);
                    rows.add(row);
                    System.out.println("  " + describe(row));
                }
            }
        }
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("startup.csv"), csv(rows));
        String md = markdown(rows, started, machine, load, options.runs());
        Files.writeString(options.out().resolve("startup.md"), md);
        System.out.println();
        System.out.println(md);
        System.out.println("wrote " + options.out().resolve("startup.csv") + " and startup.md");
        boolean failed = rows.stream().anyMatch(r -> r.error() != null);
        if (failed) {
            System.out.println("some runs failed; their files are under " + work);
        } else {
            deleteTree(work);
        }
        return List.of(section(rows));
    }

    /** The summary's start-up question: the warm figures against the targets (failed runs leave them undecided). */
    private static Summary.Section section(List<Row> rows) {
        StringBuilder table = new StringBuilder("| nodes | archive | first Input at last node | idle node VmRSS |\n"
                + "|---:|---|---:|---:|\n");
        double first8 = Double.NaN;
        double rss = Double.NaN;
        for (int nodes : SHAPES) {
            for (String mode : MODES) {
                List<Row> ok = rows.stream().filter(r -> r.nodes() == nodes && r.mode().equals(mode)
                        && r.error() == null).toList();
                double first = median(ok, r -> r.firstInputMillis()) / 1000;
                double mib = median(ok, r -> r.median(0)) / 1024;
                table.append(String.format(Locale.ROOT, "| %d | %s | %.2f s | %.0f MiB |%n", nodes, mode, first, mib));
                if (nodes == 8 && mode.equals("warm")) {
                    first8 = first;
                    rss = mib;
                }
            }
        }
        return new Summary.Section("start-up (`./jdora run` to the first Input at the last node; medians, "
                + "`startup.md`)", table.toString(), List.of(
                Summary.Target.of("first `Input` at the last node of an 8-node dataflow ≤ 3 s (archive present)",
                        first8, 3, String.format(Locale.ROOT, "%.2f s", first8)),
                Summary.Target.of("an idle node process ≤ 64 MiB RSS", rss, RSS_TARGET_MIB,
                        String.format(Locale.ROOT, "%.0f MiB", rss))));
    }

    /** The {@code jdora} script of the repository the bench jar was built in. */
    private static Path repositoryScript() throws Exception {
        Path jar = Path.of(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Path p = jar; p != null; p = p.getParent()) {
            Path script = p.resolve("jdora");
            if (Files.isRegularFile(script) && Files.isExecutable(script)) {
                return script;
            }
        }
        throw new IllegalStateException("--startup runs the repository's ./jdora script, and none was found above "
                + jar);
    }

    static String yaml(int nodes, Path marker) throws Exception {
        Path classes = Path.of(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringBuilder y = new StringBuilder("# generated by dev.jdora.bench.StartupBench\nclasspath: " + classes
                + "\nnodes:\n  - id: n0\n    class: " + StartupSource.class.getName() + "\n    outputs: [data]\n");
        for (int i = 1; i < nodes - 1; i++) {
            y.append("  - id: n").append(i).append("\n    class: ").append(JdoraForwarder.class.getName())
                    .append("\n    inputs: {data: n").append(i - 1).append("/data}\n    outputs: [data]\n");
        }
        y.append("  - id: n").append(nodes - 1).append("\n    class: ").append(StartupSink.class.getName())
                .append("\n    env: {BENCH_MARKER: \"").append(marker).append("\"}\n    inputs: {data: n")
                .append(nodes - 2).append("/data}\n");
        return y.toString();
    }

    private static Row measure(Path script, int nodes, String mode, int run, Path cache, Path work) {
        Path dir = work.resolve(nodes + "-" + mode + "-" + run);
        Process jdora = null;
        try {
            Files.createDirectories(dir);
            Path marker = dir.resolve("first-input");
            Path file = Files.writeString(dir.resolve("startup-" + nodes + ".yml"), yaml(nodes, marker));
            ProcessBuilder builder = new ProcessBuilder(script.toString(), "run", "--log-dir",
                    dir.resolve("out").toString(), file.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("console.txt").toFile());
            builder.environment().put("JDORA_CACHE_DIR", cache.toString());
            if (mode.equals("off")) {
                builder.environment().put("JDORA_CDS", "off");
            } else {
                builder.environment().remove("JDORA_CDS");
            }
            long launched = System.currentTimeMillis();
            jdora = builder.start();
            if (!ChildJvm.awaitFile(marker, LIMIT)) {
                throw new IllegalStateException("no first input within " + LIMIT + "; console: "
                        + dir.resolve("console.txt"));
            }
            long first = Long.parseLong(Files.readString(marker).trim().split(" ")[0]) - launched;
            List<ProcessHandle> nodeProcesses = jdora.children().filter(ProcessHandle::isAlive).toList();
            double cpu = 0;
            for (ProcessHandle p : nodeProcesses) {
                cpu += cpuSeconds(p.pid());
            }
            Thread.sleep(IDLE.toMillis()); // the nodes wait idle: what they hold now is their idle footprint
            List<long[]> memory = new ArrayList<>();
            for (ProcessHandle p : nodeProcesses) {
                memory.add(memory(p.pid()));
            }
            stop(jdora);
            return new Row(nodes, mode, run, first, cpu, memory, null);
        } catch (Exception e) {
            if (jdora != null) {
                jdora.descendants().forEach(ProcessHandle::destroyForcibly);
                jdora.destroyForcibly();
            }
            return new Row(nodes, mode, run, -1, Double.NaN, List.of(), e.toString());
        }
    }

    private static void stop(Process jdora) throws InterruptedException {
        jdora.destroy(); // SIGTERM: jdora stops its nodes as on Ctrl-C
        if (!jdora.waitFor(60, TimeUnit.SECONDS)) {
            jdora.descendants().forEach(ProcessHandle::destroyForcibly);
            jdora.destroyForcibly().waitFor();
            throw new IllegalStateException("jdora run did not stop within 60 s of SIGTERM");
        }
    }

    /** User + system CPU seconds of process {@code pid} ({@code /proc/<pid>/stat}, 100 ticks a second). */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** VmRSS, RssAnon and Pss of process {@code pid}, in KiB. */
    private static long[] memory(long pid) throws IOException {
        long[] m = new long[3];
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                m[0] = kib(line);
            } else if (line.startsWith("RssAnon:")) {
                m[1] = kib(line);
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                m[2] = kib(line);
            }
        }
        return m;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    private static String describe(Row r) {
        if (r.error() != null) {
            return String.format(Locale.ROOT, "%d nodes %-4s run %d FAILED: %s", r.nodes(), r.mode(), r.run(),
                    r.error());
        }
        return String.format(Locale.ROOT, "%d nodes %-4s run %d: first input at the last node %,6d ms, node CPU "
                        + "%5.1f s; idle node RSS median %.0f MiB (max %.0f), anon %.0f MiB, PSS %.0f MiB",
                r.nodes(), r.mode(), r.run(), r.firstInputMillis(), r.nodeCpuSeconds(), r.median(0) / 1024,
                r.max(0) / 1024, r.median(1) / 1024, r.median(2) / 1024);
    }

    private static String csv(List<Row> rows) {
        StringBuilder csv = new StringBuilder("nodes,mode,run,first_input_ms,node_cpu_s,node,vm_rss_kib,"
                + "rss_anon_kib,pss_kib,error\n");
        for (Row r : rows) {
            if (r.error() != null) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%d,,,,,,,\"%s\"%n", r.nodes(), r.mode(), r.run(),
                        r.error().replace('"', '\'')));
                continue;
            }
            for (int i = 0; i < r.memory().size(); i++) {
                long[] m = r.memory().get(i);
                csv.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%.2f,%d,%d,%d,%d,%n", r.nodes(), r.mode(),
                        r.run(), r.firstInputMillis(), r.nodeCpuSeconds(), i, m[0], m[1], m[2]));
            }
        }
        return csv.toString();
    }

    private static String markdown(List<Row> rows, ZonedDateTime started, String machine, String load, int runs) {
        StringBuilder md = new StringBuilder("# jdora start-up\n\n");
        md.append("`java -jar bench/target/jdora-bench.jar --startup`, ")
                .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))).append("; ")
                .append(machine).append("; load average at start ").append(load).append(".\n\n")
                .append("Medians of ").append(runs).append(" runs per row (`./jdora run` launched as a process; the "
                        + "time is to the first `Input` at the last node; node CPU is what all node processes had "
                        + "used by then; memory is per node process, idle 5 s later, median over the nodes of a "
                        + "run, then over runs). `off`: no class-data archive (`JDORA_CDS=off`); `cold`: first run "
                        + "with an empty cache (builds the archive, then starts the nodes); `warm`: archive "
                        + "present.\n\n");
        md.append("| nodes | mode | first Input at last node | node CPU until then | idle node VmRSS (max) "
                + "| RssAnon | PSS | targets: ≤ 3 s (8 nodes) / ≤ 64 MiB RSS |\n|---:|---|---:|---:|---:|---:|---:|---|\n");
        for (int nodes : SHAPES) {
            for (String mode : MODES) {
                List<Row> ok = rows.stream().filter(r -> r.nodes() == nodes && r.mode().equals(mode)
                        && r.error() == null).toList();
                if (ok.isEmpty()) {
                    md.append("| ").append(nodes).append(" | ").append(mode).append(" | failed | | | | | |\n");
                    continue;
                }
                double first = median(ok, r -> r.firstInputMillis());
                double rss = median(ok, r -> r.median(0)) / 1024;
                double rssMax = ok.stream().mapToDouble(r -> r.max(0)).max().orElse(Double.NaN) / 1024;
                String time = nodes == 8 ? (first <= FIRST_INPUT_TARGET_MS ? "time met" : "time not met") : "—";
                String memory = rss <= RSS_TARGET_MIB ? "RSS met" : "RSS not met";
                md.append(String.format(Locale.ROOT, "| %d | %s | %.2f s | %.1f s | %.0f MiB (%.0f) | %.0f MiB "
                                + "| %.0f MiB | %s; %s |%n", nodes, mode, first / 1000, median(ok, Row::nodeCpuSeconds),
                        rss, rssMax, median(ok, r -> r.median(1)) / 1024, median(ok, r -> r.median(2)) / 1024,
                        time, memory));
            }
        }
        long failed = rows.stream().filter(r -> r.error() != null).count();
        if (failed > 0) {
            md.append("\n").append(failed).append(" run(s) failed: see startup.csv.\n");
        }
        return md.toString();
    }

    private static double median(List<Row> rows, ToDoubleFunction<Row> f) {
        return median(rows.stream().map(f::applyAsDouble).toList());
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
