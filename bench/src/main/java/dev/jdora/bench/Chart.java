package dev.jdora.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws {@code latency.svg} (paced every 1 ms) and {@code latency-warm.svg} (every 20 µs) from {@code latency.csv}: the median over runs of p50 latency against payload size, both
 * axes logarithmic, one line per system. Hand-written SVG, no dependency. A size of 0 B is drawn at 1 B (a log axis
 * has no 0) and labelled 0.
 */
final class Chart {

    private static final String[] COLORS = {
        "#7f7f7f", "#1f77b4", "#9467bd", "#ff7f0e", "#17becf", "#2ca02c", "#d62728", "#98df8a", "#ff9896",
        "#8c564b", "#e377c2", "#bcbd22",
    };
    private static final int W = 760;
    private static final int H = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private Chart() {
    }

    /** system → (size → median p50 in ns), from the rows of {@code kind} in {@code csv} (columns as {@link Report#csv()}). */
    static Map<String, TreeMap<Integer, Double>> medians(Path csv, String kind) throws IOException {
        Map<String, Map<Integer, List<Double>>> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int kindColumn = header.indexOf("kind");
        int system = header.indexOf("system");
        int size = header.indexOf("size_bytes");
        int p50 = header.indexOf("p50_ns");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length <= p50 || !f[kindColumn].equals(kind) || f[p50].isEmpty()) {
                continue;
            }
            values.computeIfAbsent(f[system], k -> new TreeMap<>())
                    .computeIfAbsent(Integer.parseInt(f[size]), k -> new ArrayList<>()).add(Double.parseDouble(f[p50]));
        }
        Map<String, TreeMap<Integer, Double>> medians = new LinkedHashMap<>();
        values.forEach((s, bySize) -> {
            TreeMap<Integer, Double> m = new TreeMap<>();
            bySize.forEach((z, v) -> {
                double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                m.put(z, a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2);
            });
            medians.put(s, m);
        });
        return medians;
    }

    /** Reads {@code csv}, writes the chart to {@code svg}. */
    static void write(Path csv, String kind, Path svg, String title) throws IOException {
        Files.writeString(svg, svg(medians(csv, kind), title), StandardCharsets.UTF_8);
    }

    static String svg(Map<String, TreeMap<Integer, Double>> data, String title) {
        double minX = Double.MAX_VALUE;
        double maxX = 1;
        double minY = Double.MAX_VALUE;
        double maxY = 1e-3;
        for (TreeMap<Integer, Double> m : data.values()) {
            for (Map.Entry<Integer, Double> e : m.entrySet()) {
                double x = Math.max(1, e.getKey());
                double y = Math.max(1e-3, e.getValue() / 1000.0); // µs
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        if (minX == Double.MAX_VALUE) {
            minX = 1;
            minY = 1;
        }
        // whole decades around the data
        double x0 = Math.floor(Math.log10(minX));
        double x1 = Math.max(x0 + 1, Math.ceil(Math.log10(maxX)));
        double y0 = Math.floor(Math.log10(minY));
        double y1 = Math.max(y0 + 1, Math.ceil(Math.log10(maxY)));
        double pw = W - LEFT - RIGHT;
        double ph = H - TOP - BOTTOM;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        for (int d = (int) x0; d <= (int) x1; d++) {
            double x = LEFT + (d - x0) / (x1 - x0) * pw;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, TOP, x, H - BOTTOM));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    H - BOTTOM + 16, escape(d == 0 ? "0–1 B" : bytes(Math.pow(10, d)))));
        }
        for (int d = (int) y0; d <= (int) y1; d++) {
            double y = H - BOTTOM - (d - y0) / (y1 - y0) * ph;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, W - RIGHT, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
                    y + 4, escape(micros(Math.pow(10, d)))));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", LEFT, TOP, pw, ph));
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">payload size "
                + "(log)</text>%n", LEFT + pw / 2, H - 18));
        b.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 "
                + "18 %.1f)\">p50 latency, median over runs (log)</text>%n", TOP + ph / 2, TOP + ph / 2));
        int i = 0;
        for (Map.Entry<String, TreeMap<Integer, Double>> s : data.entrySet()) {
            String color = COLORS[i % COLORS.length];
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (Map.Entry<Integer, Double> e : s.getValue().entrySet()) {
                double x = LEFT + (Math.log10(Math.max(1, e.getKey())) - x0) / (x1 - x0) * pw;
                double y = H - BOTTOM - (Math.log10(Math.max(1e-3, e.getValue() / 1000.0)) - y0) / (y1 - y0) * ph;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s "
                        + "%s: %s µs</title></circle>%n", x, y, color, escape(s.getKey()),
                        escape(LatencyBench.sizeName(e.getKey())), Report.micros(e.getValue())));
            }
            b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>%n", points.toString().trim(), color,
                    s.getKey().equals(BenchOptions.MEMCPY) ? " stroke-dasharray=\"4 3\"" : ""));
            b.append(dots);
            int ly = TOP + 10 + i * 20;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/>%n", W - RIGHT + 12, ly, W - RIGHT + 36, ly, color));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", W - RIGHT + 42, ly + 4,
                    escape(s.getKey())));
            i++;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static String bytes(double v) {
        String[] units = {"B", "kB", "MB", "GB"};
        int d = (int) Math.round(Math.log10(v));
        return (d % 3 == 0 ? "1" : d % 3 == 1 ? "10" : "100") + " " + units[Math.min(3, d / 3)];
    }

    private static String micros(double us) {
        if (us >= 1000) {
            return String.format(Locale.ROOT, "%.0f ms", us / 1000);
        }
        return us >= 1 ? String.format(Locale.ROOT, "%.0f µs", us) : new java.math.BigDecimal(us).round(new java.math.MathContext(1)).toPlainString() + " µs";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
