package dev.jdora.cli;

import dev.jdora.cli.live.TopColumn;
import dev.jdora.cli.live.TopScreen;
import dev.jdora.cli.live.TopSession;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdora top}: the nodes of running dataflows, refreshed every interval — state, CPU, memory, message rates,
 * queue depth, drops and latency per input. Full screen on a terminal; with {@code --once}, or when the output is
 * not a terminal, plain tables; with {@code --json}, one document.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"Show the nodes of running dataflows (all of yours, or the ones named), refreshed every "
                + "interval: state, CPU %, memory (RSS), messages in and out per second, and per input its queue "
                + "depth, drops and latency (p50, p99, send to delivery).",
            "Keys: < and > (or the arrow keys) move the sort column, n s c m i o u d 5 9 sort by node, state, "
                    + "CPU, memory, in, out, queue, drops, p50, p99; q quits.",
            "A node run as a thread (--in-jvm, operators) shows its daemon's CPU and memory. Rates need two looks "
                    + "one interval apart: --once waits one interval."})
final class TopCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "DATAFLOW", description = "names or ids of running dataflows "
            + "(default: every one, including those that start later)")
    private List<String> targets = new ArrayList<>();

    @Option(names = "--once", description = "print one table (or JSON document) after one interval and exit")
    private boolean once;

    @Option(names = "--json", description = "print JSON instead of a table (for scripts; with --once: one "
            + "document, else one per interval)")
    private boolean json;

    @Option(names = "--sort", paramLabel = "COLUMN", description = "sort by: ${COMPLETION-CANDIDATES} "
            + "(default: node; numbers largest first)", converter = ColumnConverter.class,
            completionCandidates = ColumnNames.class)
    private TopColumn sort = TopColumn.NODE;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "time between refreshes, and the window of the rates (default: 1s)")
    private Duration interval = Duration.ofSeconds(1);

    @CommandLine.Mixin
    private ClusterOptions cluster = new ClusterOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (interval.toMillis() < 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be at least 100ms");
        }
        TopSession session;
        try {
            DataflowOperations ops = cluster.operations();
            List<RunAddress> runs = new ArrayList<>();
            for (String target : targets) {
                runs.add(ops.resolve(target));
            }
            session = new TopSession(ops, runs);
            if (once || json || System.console() == null) {
                plain(session, out);
            } else {
                try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                    new TopScreen(terminal, session, interval, sort).run();
                }
            }
        } catch (OperationException e) {
            return RunTargets.report(e, spec.commandLine().getErr());
        }
        return 0;
    }

    /** One frame after an interval (--once), or one every interval until interrupted. */
    private void plain(TopSession session, PrintWriter out) throws InterruptedException {
        session.refresh();
        do {
            Thread.sleep(interval.toMillis()); // rates are counts over time: the time must pass
            TopSession.Frame frame = session.refresh();
            if (json) {
                out.println(TopSession.json(frame, interval.toMillis() / 1000.0));
            } else {
                TopSession.table(frame, sort).forEach(out::println);
                if (!once) {
                    out.println();
                }
            }
            out.flush();
        } while (!once);
    }

    static final class ColumnConverter implements CommandLine.ITypeConverter<TopColumn> {
        @Override
        public TopColumn convert(String value) {
            for (TopColumn column : TopColumn.values()) {
                if (column.optionName().equalsIgnoreCase(value) || column.header().equalsIgnoreCase(value)) {
                    return column;
                }
            }
            throw new CommandLine.TypeConversionException("unknown column '" + value + "'"
                    + dev.jdora.core.internal.Suggestions.didYouMean(value, names()) + "; one of "
                    + String.join(", ", names()));
        }
    }

    static final class ColumnNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ColumnNames() {
            super(names());
        }
    }

    private static List<String> names() {
        return java.util.Arrays.stream(TopColumn.values()).map(TopColumn::optionName).toList();
    }
}
