package dev.jdora.cli.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lays out {@link NodeRow}s as the text of {@code jdora top}: a header, one line per node in the chosen order, and
 * under each node one indented line per input (its source, rate, queue depth, drops and latency). Stateless.
 */
final class TopTable {

    private static final String[] HEADER = {"DATAFLOW", "NODE", "STATE", "PID", "CPU%", "RSS", "IN/s", "OUT/s",
        "QUEUE", "DROPS", "P50", "P99"};

    private TopTable() {
    }

    /** The lines of the table, columns padded to their widest cell; the sort column's header is marked. */
    static List<String> lines(List<NodeRow> rows, TopColumn sort) {
        List<String[]> cells = new ArrayList<>();
        String[] header = HEADER.clone();
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(sort.header())) {
                header[i] = header[i] + (sort == TopColumn.NODE || sort == TopColumn.STATE ? "▲" : "▼");
            }
        }
        cells.add(header);
        rows.stream().sorted(sort.order()).forEach(row -> {
            cells.add(new String[] {row.dataflow(), row.node(), row.state(), row.pid() > 0 ? Long.toString(row.pid())
                : "-", Double.isNaN(row.cpuPercent()) ? "-" : String.format(Locale.ROOT, "%.1f", row.cpuPercent()),
                bytes(row.rssBytes()), rate(row.inPerSecond()), rate(row.outPerSecond()), depth(row.queueDepth()),
                Long.toString(row.dropped()), latency(row.p50Nanos()), latency(row.p99Nanos())});
            for (NodeRow.InputRow in : row.inputs()) {
                cells.add(new String[] {"", "  " + in.input() + " ← " + in.source(), "", "", "", "",
                    rate(in.perSecond()), "", depth(in.queueDepth()), Long.toString(in.dropped()),
                    latency(in.p50Nanos()), latency(in.p99Nanos())});
            }
        });
        int[] widths = new int[HEADER.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                // names to the left, numbers to the right
                String format = i < 3 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
                line.append(String.format(format, row[i])).append(i < row.length - 1 ? "  " : "");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    static String depth(long depth) {
        return depth < 0 ? "-" : Long.toString(depth);
    }

    /** {@code 812K}, {@code 45.2M}, {@code 1.1G}; "-" if unknown. */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1 << 20) {
            return (bytes >> 10) + "K";
        }
        return bytes < 1L << 30 ? String.format(Locale.ROOT, "%.1fM", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.1fG", bytes / 1073741824.0);
    }

    /** {@code 850µs}, {@code 12.5ms}, {@code 1.20s}; "-" before anything was measured. */
    static String latency(long nanos) {
        if (nanos <= 0) {
            return "-";
        }
        if (nanos < 1_000_000) {
            return (nanos / 1000) + "µs";
        }
        return nanos < 1_000_000_000 ? String.format(Locale.ROOT, "%.1fms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
}
