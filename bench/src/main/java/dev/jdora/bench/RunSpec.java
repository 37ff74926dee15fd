package dev.jdora.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured run: the payload size, the pacing, and how many messages are sent (a warm-up, then the measured ones).
 * Passed to child processes as arguments and to jdora nodes through {@code env:}.
 *
 * @param size          payload bytes (the send stamp travels beside it, see each system)
 * @param intervalNanos pause between two sends; 0 sends back to back (throughput)
 * @param warmup        messages received before recording starts
 * @param count         messages recorded after the warm-up
 * @param warmupIntervalNanos pause between two warm-up sends (the scaling and idle runs warm up faster than they
 *                      measure, so that the node JVMs are compiled before the measured phase)
 */
public record RunSpec(int size, long intervalNanos, int warmup, int count, long warmupIntervalNanos) {

    /** A run whose warm-up is paced like its measured messages. */
    public RunSpec(int size, long intervalNanos, int warmup, int count) {
        this(size, intervalNanos, warmup, count, intervalNanos);
    }

    /** The messages sent in all. */
    public long total() {
        return (long) warmup + count;
    }

    List<String> toArgs() {
        return List.of(Integer.toString(size), Long.toString(intervalNanos), Integer.toString(warmup),
                Integer.toString(count), Long.toString(warmupIntervalNanos));
    }

    static RunSpec fromArgs(String[] args, int from) {
        return new RunSpec(Integer.parseInt(args[from]), Long.parseLong(args[from + 1]),
                Integer.parseInt(args[from + 2]), Integer.parseInt(args[from + 3]), Long.parseLong(args[from + 4]));
    }

    Map<String, String> toEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BENCH_SIZE", Integer.toString(size));
        env.put("BENCH_INTERVAL_NS", Long.toString(intervalNanos));
        env.put("BENCH_WARMUP", Integer.toString(warmup));
        env.put("BENCH_COUNT", Integer.toString(count));
        env.put("BENCH_WARMUP_INTERVAL_NS", Long.toString(warmupIntervalNanos));
        return env;
    }

    static RunSpec fromEnv(Map<String, String> env) {
        return new RunSpec(Integer.parseInt(env.get("BENCH_SIZE")), Long.parseLong(env.get("BENCH_INTERVAL_NS")),
                Integer.parseInt(env.get("BENCH_WARMUP")), Integer.parseInt(env.get("BENCH_COUNT")),
                Long.parseLong(env.getOrDefault("BENCH_WARMUP_INTERVAL_NS", env.get("BENCH_INTERVAL_NS"))));
    }
}
