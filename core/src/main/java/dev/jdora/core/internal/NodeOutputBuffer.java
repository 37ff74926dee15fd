package dev.jdora.core.internal;

import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Metadata;
import dev.jdora.core.OutputBuffer;
import dev.jdora.core.Timestamp;
import dev.jdora.core.transport.ChannelClosedException;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.SendBuffer;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A node's {@link OutputBuffer}: the transport's {@link SendBuffer}, stamped with the node's clock under the writer's
 * lock at send (as {@code Node.send} stamps), with the transport's ends translated for users. See {@link OutputBuffer}
 * for ownership and threads.
 */
final class NodeOutputBuffer implements OutputBuffer {

    private final String nodeId;
    private final String outputId;
    private final OutputWriter writer;
    private final SendBuffer buffer;
    private final HybridLogicalClock clock;

    NodeOutputBuffer(String nodeId, String outputId, OutputWriter writer, SendBuffer buffer, HybridLogicalClock clock) {
        this.nodeId = nodeId;
        this.outputId = outputId;
        this.writer = writer;
        this.buffer = buffer;
        this.clock = clock;
    }

    @Override
    public String outputId() {
        return outputId;
    }

    @Override
    public ArrowBuf buffer() {
        return buffer.buffer();
    }

    @Override
    public long length() {
        return buffer.length();
    }

    @Override
    public void send(Map<String, Object> parameters) {
        Metadata params;
        try {
            params = new Metadata(Timestamp.ZERO, parameters); // validated before the lock
        } catch (RuntimeException e) {
            buffer.close(); // ownership ends also when send throws
            throw e;
        }
        synchronized (writer) {
            try {
                buffer.send(new Metadata(clock.now(), params.parameters()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw OutputErrors.interrupted(nodeId, outputId, "while waiting for a backpressure input to catch up "
                        + "(the message may have reached some inputs and not others)");
            } catch (ChannelClosedException e) {
                throw OutputErrors.closed(nodeId, outputId, e);
            }
        }
    }

    @Override
    public void close() {
        buffer.close();
    }

    @Override
    public String toString() {
        return "OutputBuffer[node=" + nodeId + " output=" + outputId + " length=" + buffer.length() + "]";
    }

    /** The user-facing forms of a writer's ends, shared by {@code send} and {@code allocate}. */
    static final class OutputErrors {
        private OutputErrors() {
        }

        static CancellationException interrupted(String nodeId, String outputId, String what) {
            return new CancellationException("node '" + nodeId + "': output '" + outputId + "': interrupted " + what);
        }

        static IllegalStateException closed(String nodeId, String outputId, ChannelClosedException e) {
            return new IllegalStateException("node '" + nodeId + "': output '" + outputId + "' is closed: the node "
                    + "has ended (" + e.getMessage() + ")", e);
        }
    }
}
