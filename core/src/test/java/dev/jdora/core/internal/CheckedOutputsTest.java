package dev.jdora.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Data;
import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import dev.jdora.core.dataflow.PortType;
import dev.jdora.core.transport.OutputWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checks a node's outputs get from the dataflow: declared types at each send, the stdout output refused. */
class CheckedOutputsTest {

    private final BufferAllocator allocator = new RootAllocator();
    private final Recorder count = new Recorder();
    private final Recorder text = new Recorder();
    private final Recorder bytes = new Recorder();
    private final Recorder pose = new Recorder();
    private final Recorder free = new Recorder();
    private final Map<String, OutputWriter> outputs = CheckedOutputs.wrap("sensor", writers(),
            Map.of("count", type("std/core/v1/Int64"), "text", type("std/core/v1/String"),
                    "bytes", type("std/core/v1/Bytes"), "pose", type("std/math/v1/Pose"),
                    "free", type("acme/v1/Thing")),
            Optional.of("log"));

    @AfterEach
    void noLeak() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    private static PortType type(String urn) {
        return PortType.parse(urn).orElseThrow();
    }

    private Map<String, OutputWriter> writers() {
        Map<String, OutputWriter> writers = new LinkedHashMap<>();
        writers.put("count", count);
        writers.put("text", text);
        writers.put("bytes", bytes);
        writers.put("pose", pose);
        writers.put("free", free);
        return writers;
    }

    private static void send(OutputWriter writer, ValueVector data) throws InterruptedException {
        try (data) {
            writer.send(data, new Metadata(new Timestamp(1, 0), Map.of()));
        }
    }

    @Test
    void dataOfTheDeclaredTypeIsSent() throws Exception {
        send(outputs.get("count"), Data.longs(allocator, 1, 2));
        send(outputs.get("text"), Data.utf8(allocator, "a"));
        try (LargeVarCharVector large = new LargeVarCharVector("large", allocator)) {
            large.allocateNew(1);
            large.setSafe(0, new byte[] {'b'});
            large.setValueCount(1);
            outputs.get("text").send(large, 7, 0, Map.of()); // the primitive form StampedSend uses
        }
        send(outputs.get("bytes"), Data.bytes(allocator, new byte[] {1, 2}));
        send(outputs.get("pose"), Data.struct(allocator, Map.of("x", 1.0)));
        send(outputs.get("free"), Data.doubles(allocator, 1.0)); // user types are not checked

        assertThat(count.sent).containsExactly("BIGINT");
        assertThat(text.sent).containsExactly("VARCHAR", "LARGEVARCHAR");
        assertThat(bytes.sent).containsExactly("UINT1");
        assertThat(pose.sent).containsExactly("STRUCT");
        assertThat(free.sent).containsExactly("FLOAT8");
        assertThat(outputs.get("free")).isSameAs(free);
    }

    @Test
    void dataOfAnotherTypeIsRefusedNamingNodeOutputAndBothTypes() {
        assertThatThrownBy(() -> send(outputs.get("count"), Data.utf8(allocator, "12")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node 'sensor': output 'count' is declared std/core/v1/Int64 in output_types, but the"
                        + " data sent is Arrow Utf8 (VarCharVector): nothing was sent");
        assertThatThrownBy(() -> send(outputs.get("pose"), Data.doubles(allocator, 1.0)))
                .hasMessageContaining("output 'pose' is declared std/math/v1/Pose in output_types, but the data sent"
                        + " is Arrow FloatingPoint(DOUBLE)");
        assertThatThrownBy(() -> outputs.get("count").allocate(8, allocator))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a buffer from allocate() arrives as Arrow UInt8 bytes");
        assertThat(count.sent).isEmpty();
        assertThat(pose.sent).isEmpty();
    }

    @Test
    void theStdoutOutputIsTheRuntimes() {
        assertThatThrownBy(() -> send(outputs.get("log"), Data.utf8(allocator, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node 'sensor': output 'log' carries what this node prints (send_stdout_as): the runtime"
                        + " sends on it, the node cannot; print to it, or declare another output");
        outputs.get("log").close(); // the node's end does not end the runtime's channel
    }

    /** Remembers the Arrow type of each array sent. */
    private static final class Recorder implements OutputWriter {
        final List<String> sent = new ArrayList<>();

        @Override
        public void send(ValueVector data, Metadata metadata) {
            sent.add(data.getMinorType().name());
        }

        @Override
        public void close() {
        }

        @Override
        public void fail(String error) {
        }
    }
}
