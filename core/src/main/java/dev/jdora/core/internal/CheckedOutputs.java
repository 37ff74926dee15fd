package dev.jdora.core.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.dataflow.PortType;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.SendBuffer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.Types.MinorType;

/**
 * Puts what the dataflow declares about a node's outputs in front of their writers, so that a node finds a mistake
 * at the {@code send} that makes it:
 * <ul>
 *   <li>an output with a declared standard type ({@code output_types:}) checks the Arrow type of every array sent on
 *       it and refuses a wrong one with an {@link IllegalArgumentException} naming the node, the output, the declared
 *       and the actual type (nothing is sent). {@code std/core/v1/String} takes {@code Utf8} and {@code LargeUtf8};
 *       {@code Bytes} and {@code CompressedImage} take {@code LargeBinary}, {@code Binary} and {@code UInt8} (what
 *       {@code Data.bytes} and {@code allocate} send); struct types ({@code Image}, {@code Vector3}, ...) take a
 *       struct, whatever its fields; user types are not checked. Untyped outputs cost nothing: their writers are
 *       not wrapped.</li>
 *   <li>the output named by {@code send_stdout_as} carries what the node prints, sent by the runtime: the node's own
 *       sends on it are refused (one writer per channel).</li>
 * </ul>
 * The wrappers keep the writers' threading and ownership contract: they are as thread-safe as the writer they wrap,
 * and {@code close}/{@code fail} go to it.
 */
public final class CheckedOutputs {

    private CheckedOutputs() {
    }

    /**
     * The writers of node {@code nodeId} with their declared types checked, plus a writer that refuses every send for
     * {@code stdoutOutput} (which {@code writers} must not contain).
     */
    public static Map<String, OutputWriter> wrap(String nodeId, Map<String, OutputWriter> writers,
                                                 Map<String, PortType> types, Optional<String> stdoutOutput) {
        Map<String, OutputWriter> result = new LinkedHashMap<>();
        writers.forEach((output, writer) -> {
            Optional<Set<MinorType>> accepted = Optional.ofNullable(types.get(output)).flatMap(CheckedOutputs::accepts);
            result.put(output, accepted.<OutputWriter>map(a -> new TypedWriter(writer, "node '" + nodeId
                    + "': output '" + output + "' is declared " + types.get(output).urn() + " in output_types", a))
                    .orElse(writer));
        });
        stdoutOutput.ifPresent(output -> result.put(output, new StdoutWriter(nodeId, output)));
        return result;
    }

    /** The Arrow types that data of {@code type} may have, if it is a standard type that can be checked. */
    static Optional<Set<MinorType>> accepts(PortType type) {
        return type.arrowType().map(arrow -> switch (arrow) {
            case "Float32" -> EnumSet.of(MinorType.FLOAT4);
            case "Float64" -> EnumSet.of(MinorType.FLOAT8);
            case "Int8" -> EnumSet.of(MinorType.TINYINT);
            case "Int16" -> EnumSet.of(MinorType.SMALLINT);
            case "Int32" -> EnumSet.of(MinorType.INT);
            case "Int64" -> EnumSet.of(MinorType.BIGINT);
            case "UInt8" -> EnumSet.of(MinorType.UINT1);
            case "UInt16" -> EnumSet.of(MinorType.UINT2);
            case "UInt32" -> EnumSet.of(MinorType.UINT4);
            case "UInt64" -> EnumSet.of(MinorType.UINT8);
            case "Utf8" -> EnumSet.of(MinorType.VARCHAR, MinorType.LARGEVARCHAR);
            case "LargeBinary" -> EnumSet.of(MinorType.LARGEVARBINARY, MinorType.VARBINARY, MinorType.UINT1);
            case "Boolean" -> EnumSet.of(MinorType.BIT);
            case "Struct" -> EnumSet.of(MinorType.STRUCT);
            default -> throw new IllegalStateException("no check for Arrow type " + arrow);
        });
    }

    /** Checks the type of each array before its writer sends it. */
    private static final class TypedWriter implements OutputWriter {
        private final OutputWriter writer;
        private final String declared;
        private final Set<MinorType> accepted;

        TypedWriter(OutputWriter writer, String declared, Set<MinorType> accepted) {
            this.writer = writer;
            this.declared = declared;
            this.accepted = accepted;
        }

        private void check(ValueVector data) {
            if (!accepted.contains(data.getMinorType())) {
                throw new IllegalArgumentException(declared + ", but the data sent is Arrow "
                        + data.getField().getType() + " (" + data.getClass().getSimpleName() + "): nothing was sent");
            }
        }

        @Override
        public void send(ValueVector data, Metadata metadata) throws InterruptedException {
            check(data);
            writer.send(data, metadata);
        }

        @Override
        public void send(ValueVector data, long timestampNanos, int timestampCounter, Map<String, Object> parameters)
                throws InterruptedException {
            check(data);
            writer.send(data, timestampNanos, timestampCounter, parameters);
        }

        @Override
        public SendBuffer allocate(long length, BufferAllocator allocator) throws InterruptedException {
            if (!accepted.contains(MinorType.UINT1)) {
                throw new IllegalArgumentException(declared + ", but a buffer from allocate() arrives as "
                        + "Arrow UInt8 bytes: send an array of the declared type with send()");
            }
            return writer.allocate(length, allocator);
        }

        @Override
        public void close() {
            writer.close();
        }

        @Override
        public void fail(String error) {
            writer.fail(error);
        }

        @Override
        public String toString() {
            return writer.toString();
        }
    }

    /** The output of {@code send_stdout_as}: the runtime writes it; the node may not. */
    private static final class StdoutWriter implements OutputWriter {
        private final String message;

        StdoutWriter(String nodeId, String output) {
            this.message = "node '" + nodeId + "': output '" + output + "' carries what this node prints "
                    + "(send_stdout_as): the runtime sends on it, the node cannot; print to it, or declare another "
                    + "output";
        }

        @Override
        public void send(ValueVector data, Metadata metadata) {
            throw new IllegalArgumentException(message);
        }

        @Override
        public SendBuffer allocate(long length, BufferAllocator allocator) {
            throw new IllegalArgumentException(message);
        }

        @Override
        public void close() {
            // the runtime ends the channel with the node's log
        }

        @Override
        public void fail(String error) {
            // the runtime ends the channel with the node's log
        }
    }
}
