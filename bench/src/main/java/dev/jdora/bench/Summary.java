package dev.jdora.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code summary.md}: one short table per question (latency at 1 ms and at 20 µs, throughput, scaling, idle cost,
 * start-up, 40 MiB, allocation, lossless), each with the targets marked met / not met from the figures of
 * this run, the machine and the date, and the chart. Each part of the bench hands in its {@link Section}s.
 */
final class Summary {

    /**
     * A target and what this run measured for it.
     *
     * @param met null when it was not measured (a part not run, a failed run, a peer missing) or cannot be decided
     */
    record Target(String what, String measured, @Nullable Boolean met) {

        static Target of(String what, double value, double limit, String measured) {
            return new Target(what, measured, Double.isNaN(value) || Double.isNaN(limit) ? null : value <= limit);
        }

        static Target atLeast(String what, double value, double floor, String measured) {
            return new Target(what, measured, Double.isNaN(value) ? null : value >= floor);
        }

        /** met, not met, not decided (measured, but the figure cannot decide it) or not measured. */
        String mark() {
            if (met != null) {
                return met ? "**met**" : "**not met**";
            }
            return measured.contains("–") || measured.equals("not sampled") ? "not measured" : "not decided";
        }
    }

    /** One question: its table (markdown) and its targets. */
    record Section(String question, String table, List<Target> targets) {
    }

    private final List<Section> sections = new ArrayList<>();

    void add(Section section) {
        sections.add(section);
    }

    void addAll(List<Section> list) {
        sections.addAll(list);
    }

    List<Section> sections() {
        return sections;
    }

    String markdown(ZonedDateTime started, String machine, String command, double minutes,
                    Map<String, Double> minutesPerPart) {
        StringBuilder b = new StringBuilder("# jdora benchmark summary\n\n");
        b.append("Measured ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
                .append(" by `").append(command).append("` in ")
                .append(String.format(Locale.ROOT, "%.1f", minutes)).append(" min. ")
                .append(machine.replace("machine:", "Machine:")).append(". A shared, noisy VM: read ratios and "
                        + "orders of magnitude. Targets are those of issue 9 (DESIGN §6); met / not met is decided "
                        + "by the bench from this run's figures.\n\n");
        List<String> parts = new ArrayList<>();
        minutesPerPart.forEach((part, m) -> parts.add(String.format(Locale.ROOT, "%s %.1f min", part, m)));
        b.append("Time per part: ").append(String.join(", ", parts)).append(".\n\n");
        b.append("| question | target | measured | |\n|---|---|---|---|\n");
        for (Section s : sections) {
            for (Target t : s.targets()) {
                b.append("| ").append(s.question()).append(" | ").append(t.what()).append(" | ")
                        .append(t.measured()).append(" | ").append(t.mark()).append(" |\n");
            }
        }
        for (Section s : sections) {
            b.append("\n## ").append(s.question()).append("\n\n").append(s.table().strip()).append('\n');
        }
        b.append("\n![p50 one-way latency vs payload size, paced every 1 ms](latency.svg)\n");
        b.append("\n![p50 one-way latency vs payload size, paced every 20 µs](latency-warm.svg)\n");
        return b.toString();
    }

    static String fmt(double v, String pattern) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, pattern, v);
    }
}
