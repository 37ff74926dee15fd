package dev.jdora.runtime.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CPU time and resident memory of one process, from Linux's {@code /proc/<pid>/stat} and {@code status}.
 * Stateless; blocks only on reading those two small files.
 *
 * @param cpuTicks user plus system time in clock ticks ({@link #TICKS_PER_SECOND})
 * @param rssBytes resident set size
 */
public record ProcessUsage(long cpuTicks, long rssBytes) {

    /** Linux reports CPU times in {@code USER_HZ} ticks, which its ABI fixes at 100 a second. */
    public static final double TICKS_PER_SECOND = 100;

    /** The usage of {@code pid} now; empty if there is no such process (any more) or no {@code /proc}. */
    public static Optional<ProcessUsage> read(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            String status = Files.readString(proc.resolve("status"), StandardCharsets.US_ASCII);
            return Optional.of(new ProcessUsage(cpuTicks(stat), rssBytes(status)));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // the process has ended
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not Linux, or a format we do not know: shown as unknown, not as an error
        }
    }

    /** utime + stime: fields 14 and 15, counted after the command name, which is in parentheses and may hold spaces. */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The {@code VmRSS:} line, in kB; 0 for a process without one (a zombie). */
    static long rssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split(" +")[0]) * 1024;
            }
        }
        return 0;
    }

    /** CPU use between {@code before} and this, {@code seconds} apart, in percent of one core. */
    public double cpuPercentSince(ProcessUsage before, double seconds) {
        return seconds <= 0 ? Double.NaN : (cpuTicks - before.cpuTicks) / TICKS_PER_SECOND / seconds * 100;
    }
}
