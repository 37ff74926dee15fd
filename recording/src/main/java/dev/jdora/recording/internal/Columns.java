package dev.jdora.recording.internal;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The columns of a recorded output's file: one row per message. */
public final class Columns {

    public static final String DATA = "data";
    public static final String TIMESTAMP = "timestamp";
    public static final String HLC_COUNTER = "hlc_counter";
    public static final String RECEIVE_TIME = "receive_time";
    public static final String PARAMETERS = "parameters";
    /** Schema metadata key holding {@code node/output}. */
    public static final String OUTPUT_KEY = "jdora.output";

    private static final ArrowType NANOS_UTC = new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC");

    private Columns() {
    }

    /** The schema of an output whose messages are arrays like {@code message} (any name). */
    static Schema schema(String output, Field message) {
        Field item = new Field("item", message.getFieldType(), message.getChildren());
        return new Schema(List.of(
                new Field(DATA, FieldType.notNullable(new ArrowType.List()), List.of(item)),
                Field.notNullable(TIMESTAMP, NANOS_UTC),
                Field.notNullable(HLC_COUNTER, new ArrowType.Int(32, true)),
                Field.notNullable(RECEIVE_TIME, NANOS_UTC),
                Field.notNullable(PARAMETERS, ArrowType.Utf8.INSTANCE)), Map.of(OUTPUT_KEY, output));
    }

    /** The file name of {@code node/output} in a recording: its slashes become dots (node ids have none). */
    public static String fileName(String output) {
        return output.replace('/', '.') + ".arrow";
    }
}
