package dev.jdora.shm.internal;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The Arrow IPC schema message of one field, written and read straight from and to the flatbuffers, without Arrow's
 * {@code Schema} class: loading that class builds a Jackson {@code ObjectMapper} and introspects the schema classes
 * for its JSON form, about a quarter of a second of CPU in every node process before its first message, for nothing
 * jdora uses. The bytes are an ordinary encapsulated IPC message ({@code 0xFFFFFFFF}, length, {@code Message} with a
 * {@code Schema} header), which {@code Schema.deserializeMessage} reads too.
 *
 * <p>Stateless; any thread.
 */
final class SchemaMessages {

    private static final int CONTINUATION = 0xFFFFFFFF;

    private SchemaMessages() {
    }

    /** The schema message of a schema of {@code field} alone. */
    static byte[] write(Field field) {
        FlatBufferBuilder builder = new FlatBufferBuilder();
        int fields = org.apache.arrow.flatbuf.Schema.createFieldsVector(builder, new int[] {field.getField(builder)});
        int metadata = org.apache.arrow.flatbuf.Schema.createCustomMetadataVector(builder, new int[0]);
        org.apache.arrow.flatbuf.Schema.startSchema(builder);
        org.apache.arrow.flatbuf.Schema.addEndianness(builder,
                ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Endianness.Little : Endianness.Big);
        org.apache.arrow.flatbuf.Schema.addFields(builder, fields);
        org.apache.arrow.flatbuf.Schema.addCustomMetadata(builder, metadata);
        int schema = org.apache.arrow.flatbuf.Schema.endSchema(builder);
        ByteBuffer message = MessageSerializer.serializeMessage(builder, MessageHeader.Schema, schema, 0,
                IpcOption.DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.remaining() + 16);
        try (WriteChannel channel = new WriteChannel(Channels.newChannel(out))) {
            MessageSerializer.writeMessageBuffer(channel, message.remaining(), message, IpcOption.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a schema message in memory", e); // a byte array cannot fail
        }
        return out.toByteArray();
    }

    /**
     * The one field of the schema message in {@code bytes}.
     *
     * @throws IllegalArgumentException if it is not a schema message of exactly one field
     */
    static Field read(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int first = buffer.getInt();
        if (first == CONTINUATION) {
            buffer.getInt(); // the length; the flatbuffer says where its tables are
        }
        Message message = Message.getRootAsMessage(buffer.slice().order(ByteOrder.LITTLE_ENDIAN));
        if (message.headerType() != MessageHeader.Schema) {
            throw new IllegalArgumentException("not an Arrow schema message (header type " + message.headerType() + ")");
        }
        var schema = (org.apache.arrow.flatbuf.Schema) message.header(new org.apache.arrow.flatbuf.Schema());
        if (schema == null || schema.fieldsLength() != 1) {
            throw new IllegalArgumentException("an Arrow schema message of "
                    + (schema == null ? 0 : schema.fieldsLength()) + " fields, not 1");
        }
        return Field.convertField(schema.fields(0));
    }
}
