package dev.jdora.runtime.internal;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.jdora.core.dataflow.Dataflow;
import dev.jdora.core.dataflow.InputSource;
import dev.jdora.core.dataflow.InputSpec;
import dev.jdora.core.dataflow.NodeSpec;
import dev.jdora.core.dataflow.Problem;
import dev.jdora.core.dataflow.SourceLocation;
import dev.jdora.core.internal.Plural;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Checks before a run starts that no process of it needs more open files than the process may have, so that a wide
 * dataflow is refused with the count and the limit instead of failing with "Too many open files" deep in the
 * transport. The estimate: each node process holds {@code perEnd} files per output and per input plus
 * {@link #NODE_BASE} for its JVM; the daemon holds {@code perEnd} per declared channel (outputs and timer inputs),
 * {@code perEnd} per timer writer, plus what it already has open. Child processes inherit the daemon's limit.
 *
 * <p>Stateless; any thread.
 */
final class OpenFilesBudget {

    /** What a node JVM opens besides channels: its jars, the control socket, pipes. */
    static final int NODE_BASE = 128;

    private OpenFilesBudget() {
    }

    /** The limit of open files of this process ({@code ulimit -n}), where the platform tells it. */
    static OptionalLong processLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? OptionalLong.of(unix.getMaxFileDescriptorCount())
                : OptionalLong.empty();
    }

    /** Files this process has open now, where the platform tells it (else 0). */
    static long openNow() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : 0;
    }

    /**
     * The problems of {@code dataflow} (flattened: operators' inputs and outputs on their node) against
     * {@code limit}; none when {@code perEnd} is 0 (the transport opens no files).
     *
     * @param daemonOpen files the daemon has open before the run
     */
    static List<Problem> check(Dataflow dataflow, int perEnd, long limit, long daemonOpen) {
        List<Problem> problems = new ArrayList<>();
        if (perEnd == 0) {
            return problems;
        }
        long channels = 0;
        for (NodeSpec node : dataflow.nodes()) {
            long ends = (long) node.outputs().size() + node.inputs().size();
            long need = NODE_BASE + perEnd * ends;
            if (need > limit) {
                problems.add(new Problem(node.location(), "node '" + node.id() + "': needs about " + need
                        + " open files (" + Plural.count(node.outputs().size(), "output") + " and "
                        + Plural.count(node.inputs().size(), "input") + ", " + perEnd + " files each, plus "
                        + NODE_BASE + " for its JVM), more than the limit"
                        + " of " + limit + " open files per process: " + howToRaise(need)
                        + ", or spread its outputs and inputs over more nodes"));
            }
            channels += node.outputs().size();
            for (InputSpec input : node.inputs()) {
                if (input.source() instanceof InputSource.Timer) {
                    channels += 2; // the timer's channel, declared and written by the daemon
                }
            }
        }
        long daemonNeed = daemonOpen + perEnd * channels;
        if (daemonNeed > limit) {
            problems.add(new Problem(new SourceLocation(dataflow.file(), 1, 1), "the dataflow needs about "
                    + daemonNeed + " open files in the jdora run process (" + channels + " channel files of "
                    + perEnd + " each, plus " + daemonOpen + " already open), more than the limit of " + limit
                    + " open files per process: " + howToRaise(daemonNeed)));
        }
        return problems;
    }

    private static String howToRaise(long need) {
        return "raise the limit in the shell that runs jdora (ulimit -n " + need + "; the most allowed is ulimit -Hn,"
                + " set in /etc/security/limits.conf)";
    }
}
