package dev.jdora.testkit;

import dev.jdora.core.HybridLogicalClock;
import dev.jdora.core.Metadata;
import dev.jdora.core.internal.BoundInput;
import dev.jdora.core.internal.InJvmTransport;
import dev.jdora.core.internal.NodeContext;
import dev.jdora.core.internal.StartBarrier;
import dev.jdora.core.internal.WakeSignal;
import dev.jdora.core.transport.ChannelId;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.OutputWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ValueVector;
import org.jspecify.annotations.Nullable;

/**
 * The channels around one node under test: an {@link InJvmTransport} over a root allocator the harness owns, one
 * harness-owned writer per input (channel {@code harness/<inputId>}), one node-owned writer per output (channel
 * {@code <nodeId>/<outputId>}) with an {@link OutputCapture} subscribed to it, and the {@link NodeContext} that binds
 * them, behind an open start barrier.
 *
 * <p><b>Ownership.</b> Owns the allocators, the transport, every writer and every capture; {@link #close()} releases
 * them all, then {@link #leakReport()} says whether anything is still allocated.
 */
final class HarnessWiring {

    static final String HARNESS_NODE = "harness";

    private final String nodeId;
    private final RootAllocator root = new RootAllocator();
    private final BufferAllocator transportAllocator = root.newChildAllocator("transport", 0, Long.MAX_VALUE);
    private final BufferAllocator nodeAllocator;
    private final BufferAllocator scriptAllocator = root.newChildAllocator("harness-inputs", 0, Long.MAX_VALUE);
    private final InJvmTransport transport = new InJvmTransport(transportAllocator);
    private final HybridLogicalClock clock = new HybridLogicalClock();
    private final Map<String, OutputWriter> inputWriters = new LinkedHashMap<>();
    private final Map<String, OutputWriter> outputWriters = new LinkedHashMap<>();
    private final Map<String, OutputCapture> captures = new LinkedHashMap<>();
    private final NodeContext context;

    HarnessWiring(String nodeId, List<InputDecl> inputs, Map<String, InputOptions> outputs) {
        this.nodeId = nodeId;
        this.nodeAllocator = root.newChildAllocator("node-" + nodeId, 0, Long.MAX_VALUE);
        WakeSignal signal = new WakeSignal();
        List<BoundInput> bound = new ArrayList<>();
        for (InputDecl input : inputs) {
            ChannelId channel = new ChannelId(HARNESS_NODE, input.inputId());
            inputWriters.put(input.inputId(), transport.createOutput(channel));
            bound.add(new BoundInput(input.inputId(), input.sourceNodeId(), input.timer(),
                    transport.subscribe(channel, input.options(), signal::wake), Optional.empty()));
        }
        outputs.forEach((outputId, options) -> {
            outputWriters.put(outputId, transport.createOutput(new ChannelId(nodeId, outputId)));
            captures.put(outputId, new OutputCapture(nodeId, outputId, transport, options, transportAllocator));
        });
        this.context = new NodeContext(nodeId, bound, outputWriters, nodeAllocator, StartBarrier.open(), signal);
    }

    NodeContext context() {
        return context;
    }

    BufferAllocator scriptAllocator() {
        return scriptAllocator;
    }

    OutputCapture capture(String outputId) {
        OutputCapture capture = captures.get(outputId);
        if (capture == null) {
            throw new IllegalArgumentException("node '" + nodeId + "': output '" + outputId
                    + "' was not declared on the harness (declared: " + captures.keySet() + ")");
        }
        return capture;
    }

    private OutputWriter inputWriter(String inputId) {
        OutputWriter writer = inputWriters.get(inputId);
        if (writer == null) {
            throw new IllegalArgumentException("node '" + nodeId + "': input '" + inputId
                    + "' was not declared on the harness (declared: " + inputWriters.keySet() + ")");
        }
        return writer;
    }

    /** Sends a copy of {@code data} to the node's input; blocks while a backpressure input is full. */
    void send(String inputId, ValueVector data, Map<String, Object> parameters) {
        OutputWriter writer = inputWriter(inputId);
        Metadata metadata = new Metadata(clock.now(), parameters);
        synchronized (writer) {
            try {
                writer.send(data, metadata);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("node '" + nodeId + "' input '" + inputId
                        + "': interrupted while the node's backpressure queue was full");
            }
        }
    }

    void closeInput(String inputId) {
        inputWriter(inputId).close();
    }

    void failInput(String inputId, String error) {
        inputWriter(inputId).fail(error);
    }

    /** Ends every output of the node, as the runtime does when the node's code returns or throws. Idempotent. */
    void endOutputs(@Nullable Throwable failure) {
        for (OutputWriter writer : outputWriters.values()) {
            if (failure == null) {
                writer.close();
            } else {
                writer.fail("node '" + nodeId + "' failed: " + failure);
            }
        }
    }

    /** Unsubscribes the captures, so a node blocked on a full capture queue can go on. */
    void closeCaptures() {
        captures.values().forEach(OutputCapture::close);
    }

    /** Closes writers, captures (releasing captured data) and the transport (releasing queued data). Idempotent. */
    void close() {
        inputWriters.values().forEach(OutputWriter::close);
        endOutputs(null);
        closeCaptures();
        transport.close();
    }

    /**
     * Where leaked bytes sit: {@code transport} holds what was sent (an {@code Input} whose data was taken or never
     * released, a captured message), {@code node-<id>} what the node built, {@code harness-inputs} scripted data.
     */
    private String byAllocator() {
        StringBuilder out = new StringBuilder();
        for (BufferAllocator allocator : List.of(transportAllocator, nodeAllocator, scriptAllocator)) {
            out.append(allocator.getName()).append('=').append(allocator.getAllocatedMemory()).append(" bytes ");
        }
        return out.toString().trim();
    }

    /** Null if nothing is allocated any more (and then closes the allocators), else what is still outstanding. */
    @Nullable String leakReport() {
        long outstanding = root.getAllocatedMemory();
        if (outstanding != 0) {
            return "Arrow memory leaked by node '" + nodeId + "' or its test: " + outstanding
                    + " bytes still allocated after close (allocators are left open so leaked buffers stay valid)\n"
                    + "  by allocator: " + byAllocator() + "\n"
                    + root.toVerboseString();
        }
        nodeAllocator.close();
        scriptAllocator.close();
        transportAllocator.close();
        root.close();
        return null;
    }
}
