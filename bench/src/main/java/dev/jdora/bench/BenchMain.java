package dev.jdora.bench;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's entry point ({@code java -jar bench/target/jdora-bench.jar}): re-launches itself with the JVM options
 * jdora's node JVMs get, then runs the parts asked for (see {@link BenchOptions#HELP}), each writing its own files
 * under {@code bench/results}, and, when every part ran, {@code summary.md} with the targets met / not met.
 *
 * <pre>
 * java -jar bench/target/jdora-bench.jar                 # everything (--full), about 25 min on 2 cores
 * java -jar bench/target/jdora-bench.jar --quick         # everything with small counts, a few minutes
 * java -jar bench/target/jdora-bench.jar --lossless 10m  # one part
 * </pre>
 */
public final class BenchMain {

    /** One part of the bench: measures, writes its files, returns its sections of the summary. */
    @FunctionalInterface
    interface BenchPart {
        List<Summary.Section> run(BenchOptions options, ZonedDateTime started, String machine) throws Exception;
    }

    /** The class of the start-up measurement, plugged in when it is part of the build (same {@code run} method). */
    static final String STARTUP_CLASS = "dev.jdora.bench.StartupBench";

    static final Map<String, BenchPart> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("latency", LatencyBench::run);
        PARTS.put("scaling", ScalingBench::run);
        PARTS.put("idle", IdleBench::run);
        PARTS.put("lossless", LosslessBench::run);
        PARTS.put("jmh-gc", JmhGcBench::run);
        PARTS.put("startup", BenchMain::startup);
        PARTS.put("cluster", ClusterBench::run);
    }

    private static final String LAUNCHED = "jdora.bench.launched";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
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
            command.add(BenchMain.class.getName());
            command.addAll(Arrays.asList(args));
            System.exit(new ProcessBuilder(command).inheritIO().start().waitFor());
        }
        ZonedDateTime started = ZonedDateTime.now();
        String machine = machine();
        if (Arrays.asList(args).contains("--chart")) {
            Path csv = options.out().resolve("latency.csv");
            LatencyBench.writeCharts(options.out(), ZonedDateTime.ofInstant(Files.getLastModifiedTime(csv).toInstant(),
                    java.time.ZoneOffset.UTC));
            System.out.println("wrote " + options.out().resolve("latency.svg") + " and latency-warm.svg");
            return;
        }
        if (System.getenv("JDORA_IDLE") != null) {
            System.out.println("note: JDORA_IDLE=" + System.getenv("JDORA_IDLE") + " is set in this environment; "
                    + "node processes inherit it, so the 'default' idle strategy runs are not jdora's default");
        }
        System.out.println("jdora bench " + String.join(" ", args) + ", "
                + started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println(machine);
        Files.createDirectories(options.out());
        Summary summary = new Summary();
        Map<String, Double> minutesPerPart = new LinkedHashMap<>();
        boolean failed = false;
        for (Map.Entry<String, BenchPart> part : PARTS.entrySet()) {
            if (!options.runs(part.getKey())) {
                continue;
            }
            long t0 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%n######## %s%n", part.getKey());
            try {
                summary.addAll(part.getValue().run(options, started, machine));
            } catch (Exception | Error e) {
                failed = true;
                System.out.println(part.getKey() + " FAILED: " + e);
                summary.add(new Summary.Section(part.getKey(), "Failed: " + e, List.of()));
            }
            minutesPerPart.put(part.getKey(), (System.nanoTime() - t0) / 60e9);
            System.out.printf(Locale.ROOT, "######## %s took %.1f min%n", part.getKey(),
                    minutesPerPart.get(part.getKey()));
        }
        double minutes = java.time.Duration.between(started, ZonedDateTime.now()).toMillis() / 60_000.0;
        if (options.full()) {
            String command = "java -jar bench/target/jdora-bench.jar" + (args.length == 0 ? "" : " "
                    + String.join(" ", args));
            String md = summary.markdown(started, machine, command, minutes, minutesPerPart);
            Files.writeString(options.out().resolve("summary.md"), md);
            System.out.println();
            System.out.println(md);
            System.out.println("wrote " + options.out().resolve("summary.md"));
        }
        System.out.printf(Locale.ROOT, "all parts took %.1f min%n", minutes);
        System.exit(failed ? 1 : 0);
    }

    /** The start-up part: {@value #STARTUP_CLASS}'s static {@code run}, with the signature of {@link BenchPart}. */
    private static List<Summary.Section> startup(BenchOptions options, ZonedDateTime started, String machine)
            throws Exception {
        Class<?> c;
        try {
            c = Class.forName(STARTUP_CLASS);
        } catch (ClassNotFoundException e) {
            System.out.println("start-up: not measured (" + STARTUP_CLASS + " is not part of this build)");
            return List.of(new Summary.Section("start-up", "Not measured: this build has no start-up measurement.",
                    List.of(new Summary.Target("first `Input` at the last node of an 8-node dataflow ≤ 3 s", "–",
                            null))));
        }
        try {
            @SuppressWarnings("unchecked")
            List<Summary.Section> sections = (List<Summary.Section>) c.getDeclaredMethod("run", BenchOptions.class,
                    ZonedDateTime.class, String.class).invoke(null, options, started, machine);
            return sections;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
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
}
