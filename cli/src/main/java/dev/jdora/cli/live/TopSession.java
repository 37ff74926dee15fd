package dev.jdora.cli.live;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code jdora top} watches: the given runs, or every live run of this user (runs that start later join, runs
 * that end leave). Each {@link #refresh()} samples them and computes rates since the previous refresh.
 *
 * <p><b>Threads.</b> One thread; {@link #refresh()} blocks for one status request per run.
 */
public final class TopSession {

    /** The runs and their rows at one refresh, in the same order. */
    public record Frame(List<RunSample> runs, List<List<NodeRow>> rows) {
        public Frame {
            runs = List.copyOf(runs);
            rows = List.copyOf(rows);
        }

        List<NodeRow> allRows() {
            return rows.stream().flatMap(List::stream).toList();
        }
    }

    private final DataflowOperations ops;
    private final Optional<List<RunAddress>> fixed;
    private final Map<String, RunSampler> samplers = new LinkedHashMap<>();
    private final Map<String, RunSample> previous = new HashMap<>();

    /** Watches {@code runs}, or every live run if empty. */
    public TopSession(DataflowOperations ops, List<RunAddress> runs) {
        this.ops = ops;
        this.fixed = runs.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(runs));
        runs.forEach(run -> samplers.put(run.id(), RunSampler.open(ops, run)));
    }

    /** Samples every watched run now. */
    public Frame refresh() {
        List<RunAddress> runs = fixed.orElseGet(ops::runs);
        if (fixed.isEmpty()) {
            samplers.keySet().retainAll(runs.stream().map(RunAddress::id).toList());
            previous.keySet().retainAll(samplers.keySet());
        }
        List<RunSample> samples = new ArrayList<>();
        List<List<NodeRow>> rows = new ArrayList<>();
        for (RunAddress run : runs) {
            RunSample sample;
            try {
                sample = samplers.computeIfAbsent(run.id(), id -> RunSampler.open(ops, run)).sample();
            } catch (OperationException e) {
                if (fixed.isPresent()) {
                    throw e;
                }
                continue; // it ended between the listing and the sample: gone from the next listing
            }
            samples.add(sample);
            rows.add(NodeRow.between(previous.getOrDefault(run.id(), sample), sample));
            previous.put(run.id(), sample);
        }
        return new Frame(samples, rows);
    }

    /** The frame as {@code jdora top --json} prints it. */
    public static String json(Frame frame, double intervalSeconds) {
        return TopJson.write(intervalSeconds, frame.runs(), frame.rows());
    }

    /** The frame as the table of {@code jdora top}. */
    public static List<String> table(Frame frame, TopColumn sort) {
        return frame.runs().isEmpty() ? List.of("no dataflow is running") : TopTable.lines(frame.allRows(), sort);
    }
}
