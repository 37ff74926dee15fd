package dev.jdora.cli.live;

import java.util.Comparator;
import java.util.Locale;

/**
 * The columns of {@code jdora top} that it can sort by. Numbers sort largest first, names and states in alphabetical
 * order (then by dataflow and node), so the first rows are the ones to look at.
 */
public enum TopColumn {
    NODE("NODE", Comparator.comparing(NodeRow::dataflow).thenComparing(NodeRow::node)),
    STATE("STATE", Comparator.comparing(NodeRow::state)),
    CPU("CPU%", descending(NodeRow::cpuPercent)),
    RSS("RSS", descending(r -> r.rssBytes())),
    IN("IN/s", descending(NodeRow::inPerSecond)),
    OUT("OUT/s", descending(NodeRow::outPerSecond)),
    QUEUE("QUEUE", descending(r -> r.queueDepth())),
    DROPS("DROPS", descending(r -> r.dropped())),
    P50("P50", descending(r -> r.p50Nanos())),
    P99("P99", descending(r -> r.p99Nanos()));

    private final String header;
    private final Comparator<NodeRow> order;

    TopColumn(String header, Comparator<NodeRow> order) {
        this.header = header;
        this.order = order;
    }

    /** The column's title in the table. */
    public String header() {
        return header;
    }

    /** Rows in this column's order; ties in dataflow and node order. */
    Comparator<NodeRow> order() {
        return order.thenComparing(NodeRow::dataflow).thenComparing(NodeRow::node);
    }

    /** The name for {@code --sort}: the enum name in lower case. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The next column to the right (wrapping), for the interactive view's {@code >} key; {@code <} goes back. */
    TopColumn next(int step) {
        TopColumn[] all = values();
        return all[Math.floorMod(ordinal() + step, all.length)];
    }

    private static Comparator<NodeRow> descending(java.util.function.ToDoubleFunction<NodeRow> value) {
        // NaN (unknown) last
        return Comparator.comparingDouble((NodeRow r) -> Double.isNaN(value.applyAsDouble(r)) ? 1 : 0)
                .thenComparing(Comparator.comparingDouble(value).reversed());
    }
}
