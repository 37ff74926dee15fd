package dev.jdora.runtime.internal;

import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Metadata;
import dev.jdora.core.transport.ChannelClosedException;
import dev.jdora.core.transport.OutputWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's {@code send_stdout_as} output: each line the node prints (standard output and standard error, as in
 * dora; without its line end) is sent on it as a one-element UTF-8 string array, stamped by the runtime's clock.
 * The node's {@link NodeLog} feeds it, so a node running as a process and a node running as a thread of this JVM
 * (what its threads print through {@code System.out}/{@code System.err}) behave the same.
 *
 * <p><b>Threads and blocking.</b> {@link #line} is called by the node's log with its lock held, one line at a time;
 * it blocks like any send while a {@code backpressure} reader is behind, which in turn holds back the node's printing
 * (nothing printed is lost). A line that cannot be sent (the channel ended, the thread was interrupted) is counted and
 * logged, never thrown back at the printing node. {@link #abort} may be called from any thread at any time: it ends
 * the channel at once, so that a line waiting for a reader that will never read gives up (the stop ladder's last
 * step). <b>Ownership.</b> Owns its writer and its allocator; the node's log ends both with {@link #end} after its
 * last line.
 */
final class StdoutOutput {

    private static final Logger LOG = LoggerFactory.getLogger(StdoutOutput.class);

    private final String nodeId;
    private final String outputId;
    private final OutputWriter writer;
    private final BufferAllocator allocator;
    private final HybridLogicalClock clock = new HybridLogicalClock();
    private long lost;
    private volatile boolean ended;
    private boolean allocatorClosed;

    StdoutOutput(String nodeId, String outputId, OutputWriter writer, BufferAllocator allocator) {
        this.nodeId = nodeId;
        this.outputId = outputId;
        this.writer = writer;
        this.allocator = allocator;
    }

    /** Sends one printed line. */
    synchronized void line(String line) {
        if (ended) {
            return;
        }
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        try (VarCharVector vector = new VarCharVector(outputId, allocator)) {
            vector.allocateNew(1);
            vector.setSafe(0, text.getBytes(StandardCharsets.UTF_8));
            vector.setValueCount(1);
            writer.send(vector, Metadata.of(clock.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the node is being stopped at once
            lost(e);
        } catch (ChannelClosedException e) {
            lost(e);
        }
    }

    private void lost(Exception e) {
        if (++lost == 1) {
            LOG.warn("node={} output={} (send_stdout_as): a printed line could not be sent: {}", nodeId, outputId,
                    e.toString());
        }
    }

    /** Ends the output: normally, or as a failure of the node ({@code failure}). Idempotent. */
    void end(Optional<String> failure) {
        endChannel(failure);
        synchronized (this) { // after the line in progress, if any
            if (!allocatorClosed) {
                allocatorClosed = true;
                allocator.close();
                if (lost > 1) {
                    LOG.warn("node={} output={} (send_stdout_as): {} printed lines could not be sent", nodeId,
                            outputId, lost);
                }
            }
        }
    }

    /** Ends the channel as a failure now, even while a line waits for a reader; {@link #end} still follows. */
    void abort(String reason) {
        endChannel(Optional.of(reason));
    }

    private void endChannel(Optional<String> failure) {
        synchronized (writer) {
            if (ended) {
                return;
            }
            ended = true;
        }
        if (failure.isPresent()) {
            writer.fail("node '" + nodeId + "' failed: " + failure.get()); // never waits for a reader
        } else {
            writer.close();
        }
    }
}
