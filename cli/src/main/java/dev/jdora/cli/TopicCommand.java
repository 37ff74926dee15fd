package dev.jdora.cli;

import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import dev.jdora.runtime.ops.Tap;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdora topic}: the outputs of a running dataflow — list them with their readers and rates, look at one, tap
 * it ({@code echo}, {@code hz}: a late {@code drop_oldest} reader the dataflow never waits for), or publish a value
 * on an output of an {@link dev.jdora.runtime.ExternalInput} node ({@code pub}).
 */
@Command(name = "topic", mixinStandardHelpOptions = true,
        description = "Look into the outputs (topics) of a running dataflow, or publish into one.",
        subcommands = {TopicCommand.ListTopics.class, TopicCommand.Info.class, TopicCommand.Echo.class,
            TopicCommand.Hz.class, TopicCommand.Pub.class})
final class TopicCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: topic list, info, echo, hz "
                + "or pub");
    }

    /** The options every topic command has, and its resolution of the dataflow. */
    abstract static class TopicBase implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the name or id of the running dataflow")
        String target;

        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        ClusterOptions cluster = new ClusterOptions();

        /** This machine's runs, or the coordinator's with {@code --coordinator}; set when the command runs. */
        DataflowOperations ops = DataflowOperations.local();

        @Override
        public final Integer call() throws InterruptedException {
            try {
                validate();
                ops = cluster.operations();
                return call(ops.resolve(target), spec.commandLine().getOut());
            } catch (OperationException e) {
                return RunTargets.report(e, spec.commandLine().getErr());
            } finally {
                spec.commandLine().getOut().flush();
            }
        }

        abstract int call(RunAddress run, PrintWriter out) throws InterruptedException;

        /** Checks the options before the run is asked anything; a bad one is a user error (exit status 2). */
        void validate() {
        }

        static void atLeast(String option, long value, long least) {
            if (value < least) {
                throw new OperationException(option + " must be at least " + least + " (it is " + value + ")", true);
            }
        }

        /** Messages per second of every topic, from two counts {@code window} apart. */
        List<Double> rates(RunAddress run, RunStatus first, Duration window) throws InterruptedException {
            long start = System.nanoTime();
            Thread.sleep(window.toMillis()); // a rate is a count over time: the time must pass
            RunStatus second = ops.status(run);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Double> rates = new ArrayList<>();
            for (RunStatus.TopicStatus topic : first.topics()) {
                long after = second.topic(topic.name()).map(RunStatus.TopicStatus::sent).orElse(topic.sent());
                rates.add(topic.sent() < 0 ? Double.NaN : (after - topic.sent()) / seconds);
            }
            return rates;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the outputs of a running dataflow: messages sent, rate over --window, readers (with "
                    + "their queue policy and drops), and whether jdora topic pub may publish on it.")
    static final class ListTopics extends TopicBase {
        @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "how long to count messages for the rate (default: 1s)")
        Duration window = Duration.ofSeconds(1);

        @Override
        void validate() {
            if (window.toMillis() < 1) {
                throw new OperationException("--window must be at least 1ms (it is " + window + ")", true);
            }
        }

        @Override
        int call(RunAddress run, PrintWriter out) throws InterruptedException {
            RunStatus status = ops.status(run);
            List<Double> rates = rates(run, status, window);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TOPIC", "SENT", "RATE", "PUB", "READERS"});
            for (int i = 0; i < status.topics().size(); i++) {
                RunStatus.TopicStatus t = status.topics().get(i);
                rows.add(new String[] {t.name(), Long.toString(t.sent()), rate(rates.get(i)),
                    t.external() ? "yes" : "-", t.readers().isEmpty() ? "-" : t.readers().stream()
                        .map(r -> r.input() + (r.dropped() > 0 ? " (dropped " + r.dropped() + ")" : ""))
                        .collect(Collectors.joining(", "))});
            }
            Table.print(rows, out);
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Show one output of a running dataflow: writer, messages sent, rate, each reader's "
                    + "queue policy, queue size and drops.")
    static final class Info extends TopicBase {
        @Parameters(index = "1", paramLabel = "NODE/OUTPUT", description = "the output")
        String topic;

        @Override
        int call(RunAddress run, PrintWriter out) throws InterruptedException {
            RunStatus status = ops.status(run);
            RunStatus.TopicStatus t = known(status, run, topic);
            double rate = rates(run, new RunStatus(status.state(), status.nodes(), List.of(t)),
                    Duration.ofSeconds(1)).get(0);
            out.println("topic:   " + t.name());
            out.println("writer:  " + (t.external() ? "published from outside (jdora topic pub), through node '"
                    : "node '") + t.name().substring(0, t.name().indexOf('/')) + "'");
            out.println("sent:    " + t.sent());
            out.println("rate:    " + rate(rate) + " msg/s");
            out.println("readers: " + (t.readers().isEmpty() ? "none" : ""));
            for (RunStatus.ReaderStatus r : t.readers()) {
                out.println("  " + r.input() + "  " + r.policy() + ", queue_size " + r.queueSize() + ", dropped "
                        + r.dropped());
            }
            return 0;
        }
    }

    @Command(name = "echo", mixinStandardHelpOptions = true,
            description = {"Print the messages of an output as they are sent: Arrow type, length, first values "
                    + "(structs as JSON), send time and parameters.",
                "The tap never slows the dataflow: it reads as a drop_oldest input, and says how many messages it "
                        + "dropped."})
    static final class Echo extends TopicBase {
        @Parameters(index = "1", paramLabel = "NODE/OUTPUT", description = "the output")
        String topic;

        @Option(names = {"-n", "--count"}, paramLabel = "N", description = "stop after N messages")
        long count = Long.MAX_VALUE;

        @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json (one object a line)")
        Format format = Format.text;

        @Option(names = "--values", paramLabel = "N", description = "how many values of each message (default: 10)")
        int values = 10;

        @Option(names = "--queue-size", paramLabel = "N", description = "how far the tap may fall behind before it "
                + "drops the oldest (default: 100)")
        int queueSize = 100;

        enum Format { text, json }

        @Override
        void validate() {
            atLeast("--count", count, 1);
            atLeast("--values", values, 1);
            atLeast("--queue-size", queueSize, 1);
        }

        @Override
        int call(RunAddress run, PrintWriter out) throws InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            long received = 0;
            long droppedSaid = 0;
            ArrowText.warmUp();
            try (Tap tap = ops.tap(run, topic, queueSize)) {
                while (received < count && !tap.ended()) {
                    boolean got = tap.next(Duration.ofMillis(500), (data, metadata) -> out.println(format == Format.json
                            ? ArrowText.json(tap.topic(), data, metadata, values)
                            : ArrowText.text(tap.topic(), data, metadata, values)));
                    if (got) {
                        received++;
                        out.flush();
                    }
                    if (tap.dropped() > droppedSaid) {
                        droppedSaid = tap.dropped();
                        err.println("dropped " + droppedSaid + " messages so far (the tap was behind)");
                        err.flush();
                    }
                }
                if (tap.ended()) {
                    err.println(tap.topic() + " has ended");
                }
            }
            return 0;
        }
    }

    @Command(name = "hz", mixinStandardHelpOptions = true,
            description = {"Print the rate of an output: messages per second, and the min, max and standard "
                    + "deviation of the period, over a window of messages, from their send times.",
                "The tap never slows the dataflow; its drops are shown."})
    static final class Hz extends TopicBase {
        @Parameters(index = "1", paramLabel = "NODE/OUTPUT", description = "the output")
        String topic;

        @Option(names = {"-w", "--window"}, paramLabel = "N", description = "messages per report (default: 10)")
        int window = 10;

        @Option(names = {"-n", "--count"}, paramLabel = "N", description = "stop after N reports")
        long reports = Long.MAX_VALUE;

        @Override
        void validate() {
            atLeast("--window", window, 2);
            atLeast("--count", reports, 1);
        }

        @Override
        int call(RunAddress run, PrintWriter out) throws InterruptedException {
            long[] times = new long[window];
            int filled = 0;
            long done = 0;
            try (Tap tap = ops.tap(run, topic, Math.max(100, window))) {
                while (done < reports && !tap.ended()) {
                    int at = filled;
                    if (tap.next(Duration.ofMillis(500), (data, metadata) -> times[at] = metadata.timestamp()
                            .nanos())) {
                        filled++;
                    }
                    if (filled == window) {
                        out.println(report(times, tap.dropped()));
                        out.flush();
                        times[0] = times[window - 1];
                        filled = 1;
                        done++;
                    }
                }
            }
            return 0;
        }

        static String report(long[] times, long dropped) {
            int periods = times.length - 1;
            double sum = 0;
            double min = Double.MAX_VALUE;
            double max = 0;
            double[] p = new double[periods];
            for (int i = 0; i < periods; i++) {
                p[i] = (times[i + 1] - times[i]) / 1e6;
                sum += p[i];
                min = Math.min(min, p[i]);
                max = Math.max(max, p[i]);
            }
            double mean = sum / periods;
            double var = 0;
            for (double v : p) {
                var += (v - mean) * (v - mean);
            }
            return String.format(Locale.ROOT, "rate: %.3f Hz  period min: %.3f ms  max: %.3f ms  std dev: %.3f ms  "
                    + "window: %d  dropped: %d", 1000 / mean, min, max, Math.sqrt(var / periods), times.length,
                    dropped);
        }
    }

    @Command(name = "pub", mixinStandardHelpOptions = true,
            description = {"Publish a JSON value on an output of a running dataflow that takes values from outside: "
                    + "an output of a node with class: dev.jdora.runtime.ExternalInput.",
                "A whole number is sent as int64, another number as float64, a string as utf8, a boolean as bool, a "
                        + "list as an array of those, an object as a struct of one row."})
    static final class Pub extends TopicBase {
        @Parameters(index = "1", paramLabel = "NODE/OUTPUT", description = "the output")
        String topic;

        @Parameters(index = "2", paramLabel = "JSON", description = "the value, e.g. 42, \"go\", [1,2,3], "
                + "'{\"speed\": 2.5}'")
        String json;

        @Override
        int call(RunAddress run, PrintWriter out) {
            ops.publish(run, topic, json);
            out.println("published on " + topic);
            return 0;
        }
    }

    static RunStatus.TopicStatus known(RunStatus status, RunAddress run, String topic) {
        return status.topic(topic).orElseThrow(() -> {
            List<String> names = status.topics().stream().map(RunStatus.TopicStatus::name).toList();
            return new OperationException("dataflow '" + run.name() + "' has no output '" + topic + "'"
                    + dev.jdora.core.internal.Suggestions.didYouMean(topic, names), true);
        });
    }

    static String rate(double rate) {
        return Double.isNaN(rate) ? "?" : String.format(Locale.ROOT, "%.1f", rate);
    }
}
