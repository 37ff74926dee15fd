package dev.jdora.cli;

import dev.jdora.core.internal.Suggestions;
import dev.jdora.runtime.internal.LogChunks;
import dev.jdora.runtime.ops.DataflowOperations;
import dev.jdora.runtime.ops.OperationException;
import dev.jdora.runtime.ops.RunAddress;
import dev.jdora.runtime.ops.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        try {
            print(ops, run, nodes, out);
        } catch (OperationException e) {
            return RunTargets.report(e, spec.commandLine().getErr());
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: jdora logs: cannot read the logs of '" + run.name() + "': "
                    + UsageErrors.describe(e));
            spec.commandLine().getErr().flush();
            return RunTargets.FAILED;
        }
        return 0;
    }

    private void print(DataflowOperations ops, RunAddress run, List<String> nodes, PrintWriter out)
            throws IOException, InterruptedException {
        List<LogTail> tails = new ArrayList<>();
        boolean prefix = node.isEmpty();
        for (String id : node.map(List::of).orElse(nodes)) {
            tails.add(new LogTail((offset, max) -> ops.readLog(run, id, offset, max), prefix ? id + ": " : ""));
        }
        do {
            boolean ended = ops.hasEnded(run);
            for (LogTail tail : tails) {
                tail.print(out, ended);
            }
            out.flush();
            if (ended) {
                break;
            }
            if (follow) {
                Thread.sleep(FOLLOW_POLL_MILLIS); // another process writes the logs: nothing to be woken by
            }
        } while (follow);
    }

    /**
     * What of one log has been printed. Reads in chunks of {@link #CHUNK} bytes up to the end of the log, one printed
     * line per line of the log; a line longer than a chunk is printed in pieces of at most a chunk (cut between UTF-8
     * characters), so that following never stalls on it. A line still being written (no newline yet) waits for the
     * next look, unless the run has ended. Confined to the command's thread.
     */
    static final class LogTail {
        static final int CHUNK = 64 * 1024;

        /** Up to {@code max} bytes of a log from {@code offset}; none if there is nothing (more) yet. */
        @FunctionalInterface
        interface Chunks {
            byte[] read(long offset, int max) throws IOException;
        }

        private final Chunks chunks;
        private final String prefix;
        private long offset;

        LogTail(Chunks chunks, String prefix) {
            this.chunks = chunks;
            this.prefix = prefix;
        }

        /** A tail of the log file {@code log} of this machine. */
        LogTail(Path log, String prefix) {
            this((offset, max) -> LogChunks.read(log, offset, max), prefix);
        }

        /** Prints what was added since the last call; with {@code last}, also a final line without its newline. */
        void print(PrintWriter out, boolean last) throws IOException {
            while (true) {
                byte[] bytes = chunks.read(offset, CHUNK);
                int read = bytes.length;
                if (read == 0) {
                    return;
                }
                int end = read;
                while (end > 0 && bytes[end - 1] != '\n') {
                    end--;
                }
                if (end == 0) { // no whole line in this chunk
                    if (read < CHUNK && !last) {
                        return; // a line being written: next time
                    }
                    end = read < CHUNK ? read : characterBoundary(bytes, read);
                }
                for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1)) {
                    if (!line.isEmpty()) {
                        out.println(prefix + line);
                    }
                }
                offset += end;
            }
        }

        /** The largest length up to {@code length} that does not cut a UTF-8 character in two. */
        static int characterBoundary(byte[] bytes, int length) {
            int last = length - 1;
            while (last > 0 && length - last < 4 && (bytes[last] & 0xC0) == 0x80) {
                last--; // back over continuation bytes to the start of the last character
            }
            int lead = bytes[last] & 0xFF;
            int size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            return last + size <= length || last == 0 ? length : last;
        }
    }
}
