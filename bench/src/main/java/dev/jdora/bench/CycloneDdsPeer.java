package dev.jdora.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cyclone DDS peer (the middleware under ROS 2), through its own benchmark tool {@code ddsperf} (Debian package
 * {@code cyclonedds-tools}): {@code ddsperf pong} in one process, {@code ddsperf ping <rate>Hz size <bytes>} in
 * another, over UDP on the loopback interface only ({@code CYCLONEDDS_URI}: interface {@code lo}, no multicast,
 * unicast discovery of {@code 127.0.0.1}, a random domain id per run).
 *
 * <p>{@code ddsperf ping} prints, every second, the round trip's percentiles over that second. The first second is
 * dropped (discovery, warm-up); the result is the <b>median over the remaining seconds</b> of the per-second 50 % and
 * 99 % figures, and the largest max, <b>each halved</b>: one-way taken as half the round trip (the tables say so).
 * There is no p99.9 (reported as −1, shown as "–"). Sizes above {@link #MAX_SIZE} are not measured. Skipped, with a message, when {@code ddsperf} is not on the PATH.
 */
final class CycloneDdsPeer {

    static final String NAME = "cyclonedds";
    /**
     * The largest payload measured: at 40 MiB every ping of {@code ddsperf} 0.10 times out on this machine (UDP
     * loopback, default socket buffers), so it has no figure there.
     */
    static final int MAX_SIZE = 4 << 20;
    private static final Pattern LINE = Pattern.compile(
            "size (\\d+) mean [\\d.]+us min [\\d.]+us 50% ([\\d.]+)us 90% [\\d.]+us 99% ([\\d.]+)us max ([\\d.]+)us"
                    + " cnt (\\d+)");

    private CycloneDdsPeer() {
    }

    /** The {@code ddsperf} executable on the PATH, if any. */
    static Optional<Path> ddsperf() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "ddsperf");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String config() {
        return "<CycloneDDS><Domain id=\"any\"><General><Interfaces><NetworkInterface name=\"lo\"/></Interfaces>"
                + "<AllowMulticast>false</AllowMulticast></General><Discovery><ParticipantIndex>auto"
                + "</ParticipantIndex><MaxAutoParticipantIndex>20</MaxAutoParticipantIndex><Peers>"
                + "<Peer address=\"127.0.0.1\"/></Peers></Discovery></Domain></CycloneDDS>\n";
    }

    /** How long {@code ping} runs for {@code spec}: its messages at its rate, 2–6 s, plus the dropped first second. */
    static int seconds(RunSpec spec) {
        double s = spec.total() * (double) Math.max(spec.intervalNanos(), 1) / 1e9;
        return (int) Math.max(2, Math.min(6, Math.ceil(s))) + 1;
    }

    static Result measure(RunSpec spec, Path work) throws Exception {
        Path exe = ddsperf().orElseThrow(() -> new IllegalStateException("ddsperf is not on the PATH"));
        Files.createDirectories(work);
        Path config = work.resolve("cyclonedds.xml");
        Files.writeString(config, config(), StandardCharsets.UTF_8);
        String domain = Integer.toString(ThreadLocalRandom.current().nextInt(1, 200));
        long hz = Math.max(1, Math.round(1e9 / Math.max(spec.intervalNanos(), 1_000)));
        int seconds = seconds(spec);
        List<String> pong = List.of(exe.toString(), "-i", domain, "-D", Integer.toString(seconds + 8), "pong");
        List<String> ping = List.of(exe.toString(), "-i", domain, "-D", Integer.toString(seconds),
                "-Qminmatch:1", "-Qinitwait:5", "ping", hz + "Hz", "size", Integer.toString(spec.size()));
        Path pongLog = work.resolve("ddsperf-pong.log");
        Path pingLog = work.resolve("ddsperf-ping.log");
        Process pongProcess = start(pong, config, pongLog);
        try {
            Process pingProcess = start(ping, config, pingLog);
            try {
                if (!pingProcess.waitFor(seconds + 20L, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("ddsperf ping did not end within " + (seconds + 20) + " s");
                }
            } finally {
                pingProcess.destroyForcibly().waitFor();
            }
        } finally {
            pongProcess.destroy();
            if (!pongProcess.waitFor(2, TimeUnit.SECONDS)) {
                pongProcess.destroyForcibly().waitFor();
            }
        }
        return parse(Files.readAllLines(pingLog, StandardCharsets.UTF_8), pingLog);
    }

    private static Process start(List<String> command, Path config, Path log) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = b.environment();
        env.put("CYCLONEDDS_URI", config.toUri().toString());
        return b.start();
    }

    /** The halved medians of the per-second lines of {@code ddsperf ping}, after the first. */
    static Result parse(List<String> lines, Path log) {
        List<double[]> seconds = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                seconds.add(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))});
            }
        }
        if (seconds.size() > 1) {
            seconds.remove(0);
        }
        if (seconds.isEmpty()) {
            throw new IllegalStateException("no round trips in " + log);
        }
        long count = seconds.stream().mapToLong(s -> (long) s[3]).sum();
        double p50 = median(seconds.stream().mapToDouble(s -> s[0]).toArray());
        double p99 = median(seconds.stream().mapToDouble(s -> s[1]).toArray());
        double max = seconds.stream().mapToDouble(s -> s[2]).max().orElse(0);
        // µs of round trip → ns one way
        return new Result(count, Math.round(p50 * 500), Math.round(p99 * 500), -1, Math.round(max * 500),
                seconds.size() * 1_000_000_000L);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String describe() {
        return String.format(Locale.ROOT, "`%s` = Cyclone DDS `ddsperf ping <rate>Hz size <bytes>` ↔ `ddsperf pong`, "
                + "two processes, UDP over the loopback interface only; **one-way = half the round trip** (median "
                + "over seconds of ddsperf's per-second p50 and p99, the first second dropped)", NAME);
    }
}
