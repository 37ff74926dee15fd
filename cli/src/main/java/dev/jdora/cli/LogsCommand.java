package dev.jdora.cli;

import dev.jdora.core.internal.Suggestions;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdora logs}: what the nodes of a running dataflow printed, from their log files; {@code --follow} tails. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print the logs of a running dataflow's nodes (every node's lines prefixed with its id, or "
                + "one node's), from out/<run>/<node>.log (through the coordinator, from the machine of each node). "
                + "With --follow, keep printing until the dataflow ends."})
final class LogsCommand implements Callable<Integer> {

    private static final long FOLLOW_POLL_MILLIS = 100;
    private static final int CHUNK = 1 << 20;

    @Parameters(index = "0", paramLabel = "DATAFLOW", description = "the name or id of the running dataflow")
    private String target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NODE", description = "only this node's log")
    private Optional<String> node = Optional.empty();

    @Option(names = {"-f", "--follow"}, description = "keep printing new lines until the dataflow ends (or Ctrl-C)")
    private boolean follow;

    @Mixin
    private ClusterOptions cluster = new ClusterOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        DataflowOperations ops = cluster.operations();
        RunAddress run;
        List<String> nodes;
        try {
            run = ops.resolve(target);
            nodes = ops.status(run).nodes().stream().map(RunStatus.NodeStatus::id).toList();
            if (node.isPresent() && !nodes.contains(node.get())) {
                throw new OperationException("dataflow '" + run.name() + "' has no node '" + node.get() + "'"
                        + Suggestions.didYouMean(node.get(), nodes), true);
            }
        } catch (OperationException e) {
            return RunTargets.report(e, spec.commandLine().getErr());
        }
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (String id : node.map(List::of).orElse(nodes)) {
            offsets.put(id, 0L);
        }
        boolean prefix = node.isEmpty();
        try {
            do {
                boolean ended = ops.hasEnded(run);
                for (Map.Entry<String, Long> entry : offsets.entrySet()) {
                    entry.setValue(print(ops, run, entry.getKey(), entry.getValue(),
                            prefix ? entry.getKey() + ": " : "", out));
                }
                out.flush();
                if (ended) {
                    break;
                }
                if (follow) {
                    Thread.sleep(FOLLOW_POLL_MILLIS); // another process writes the logs: nothing to be woken by
                }
            } while (follow);
        } catch (OperationException e) {
            return RunTargets.report(e, spec.commandLine().getErr());
        }
        return 0;
    }

    /** Prints the whole lines of {@code nodeId}'s log from {@code offset}; returns the offset after them. */
    private static long print(DataflowOperations ops, RunAddress run, String nodeId, long offset, String prefix,
                              PrintWriter out) {
        while (true) {
            byte[] bytes = ops.readLog(run, nodeId, offset, CHUNK);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // a line being written: next time
            }
            String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
            for (String line : text.split("\n", -1)) {
                if (!line.isEmpty()) {
                    out.println(prefix + line);
                }
            }
            offset += end;
            if (end == 0 || bytes.length < CHUNK) {
                return offset;
            }
        }
    }
}
