package dev.jdora.cluster.internal;

import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.runtime.ops.Tap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * A tap's messages as they travel through the coordinator ({@link UserToCoordinator.TapMessage}): the data as an Arrow
 * IPC stream of its own (schema and one batch: a message may be dropped on the way, so none leans on another), the
 * metadata as it was sent, so that {@code jdora topic hz} measures the sender's times. Stateless.
 */
final class TapMessages {

    private TapMessages() {
    }

    /** {@code data} and {@code metadata} as one message; the caller keeps {@code data}. */
    static UserToCoordinator.TapMessage encode(ValueVector data, Metadata metadata) throws IOException {
        FieldVector vector = (FieldVector) data;
        // a view: closing it would close the lent vector, so it is not closed (the writer does not close it either)
        VectorSchemaRoot root = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector),
                vector.getValueCount());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, bytes)) {
            writer.start();
            writer.writeBatch();
            writer.end();
        }
        return new UserToCoordinator.TapMessage(metadata.timestamp().nanos(), metadata.timestamp().counter(),
                metadata.parameters(), bytes.toByteArray());
    }

    /** Decodes {@code message} with {@code allocator} and lends it to {@code receiver}; its buffers are freed after. */
    static void decode(UserToCoordinator.TapMessage message, BufferAllocator allocator, Tap.Receiver receiver)
            throws IOException {
        Metadata metadata = new Metadata(new Timestamp(message.hlcNanos(), message.hlcCounter()),
                new LinkedHashMap<>(message.parameters()));
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(message.arrow()), allocator)) {
            if (!reader.loadNextBatch()) {
                throw new IOException("a tap message without its data");
            }
            receiver.receive(reader.getVectorSchemaRoot().getVector(0), metadata);
        }
    }
}
