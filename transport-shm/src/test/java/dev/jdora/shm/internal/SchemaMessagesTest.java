package dev.jdora.shm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Schema messages written without Arrow's {@code Schema} class are ordinary Arrow IPC schema messages: Arrow reads
 * them, and they read what Arrow writes, for flat, nested and annotated fields.
 */
class SchemaMessagesTest {

    private static final List<Field> FIELDS = List.of(
            Field.nullable("bytes", new ArrowType.Int(8, false)),
            Field.notNullable("longs", new ArrowType.Int(64, true)),
            Field.nullable("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("text", ArrowType.Utf8.INSTANCE),
            Field.nullable("none", ArrowType.Null.INSTANCE),
            Field.nullable("t", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")),
            new Field("list", FieldType.nullable(ArrowType.List.INSTANCE),
                    List.of(Field.nullable("item", new ArrowType.Int(32, true)))),
            new Field("struct", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                    Field.nullable("x", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                    Field.nullable("label", ArrowType.Utf8.INSTANCE))),
            new Field("annotated", new FieldType(true, ArrowType.Binary.INSTANCE, null, Map.of("unit", "px")),
                    null));

    @Test
    void arrowReadsWhatIsWritten() {
        for (Field field : FIELDS) {
            assertThat(Schema.deserializeMessage(java.nio.ByteBuffer.wrap(SchemaMessages.write(field))).getFields())
                    .as(field.toString()).containsExactly(field);
        }
    }

    @Test
    void readsWhatArrowWrites() {
        for (Field field : FIELDS) {
            assertThat(SchemaMessages.read(new Schema(List.of(field)).serializeAsMessage())).as(field.toString())
                    .isEqualTo(field);
            assertThat(SchemaMessages.read(SchemaMessages.write(field))).as(field.toString()).isEqualTo(field);
        }
    }

    @Test
    void refusesASchemaOfSeveralFields() {
        byte[] two = new Schema(FIELDS.subList(0, 2)).serializeAsMessage();
        assertThatThrownBy(() -> SchemaMessages.read(two)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 fields, not 1");
    }
}
