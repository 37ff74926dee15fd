package dev.jdora.shm;

import static dev.jdora.shm.ShmFixture.CHANNEL;
import static dev.jdora.shm.ShmFixture.metadata;
import static dev.jdora.shm.ShmFixture.subscriber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdora.core.Data;
import dev.jdora.core.dataflow.QueuePolicy;
import dev.jdora.core.transport.InputOptions;
import dev.jdora.core.transport.InputReader;
import dev.jdora.core.transport.OutputWriter;
import dev.jdora.core.transport.Transport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.UInt1Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A body larger than the biggest payload ring is refused by {@code send} with a message that says what to do. */
class ShmPayloadLimitTest {

    private static final int LIMIT = 64 * 1024;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aPayloadOverTheLimitFailsTheSendWithALocatedMessageAndTheChannelGoesOn() throws Exception {
        Map<String, String> settings = Map.of("shm.ringBytes", String.valueOf(LIMIT),
                "shm.maxRingBytes", String.valueOf(LIMIT));
        try (ShmFixture f = new ShmFixture(settings)) {
            f.daemon.declare(CHANNEL, List.of(subscriber("sink/in", 10, QueuePolicy.BACKPRESSURE)));
            try (Transport node = f.attach()) {
                InputReader reader = node.subscribe(CHANNEL, "sink/in", new InputOptions(10, QueuePolicy.BACKPRESSURE),
                        () -> { });
                try (OutputWriter writer = node.createOutput(CHANNEL)) {
                    try (UInt1Vector big = Data.bytes(f.allocator, new byte[LIMIT + 1])) {
                        assertThatThrownBy(() -> writer.send(big, metadata(0)))
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageStartingWith("node=camera output=image: a message body of ")
                                .hasMessageContaining("is larger than the biggest payload of " + LIMIT + " bytes")
                                .hasMessageContaining("shm.maxRingBytes")
                                .hasMessageContaining("--transport-setting shm.maxRingBytes=");
                    }
                    try (UInt1Vector fits = Data.bytes(f.allocator, new byte[LIMIT / 2])) {
                        writer.send(fits, metadata(1));
                    }
                    try (UInt1Vector v = (UInt1Vector) ShmFixture.take(reader, f.allocator)) {
                        assertThat(v.getValueCount()).isEqualTo(LIMIT / 2);
                    }
                }
                reader.close();
            }
        }
    }

    @Test
    void theLimitIsValidated() {
        assertThatThrownBy(() -> dev.jdora.shm.internal.ShmSettings.from(Map.of("shm.maxRingBytes", "4096")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shm.maxRingBytes must be between 64 KiB and 1 GiB, was 4096");
        assertThatThrownBy(() -> dev.jdora.shm.internal.ShmSettings.from(
                Map.of("shm.ringBytes", String.valueOf(1 << 20), "shm.maxRingBytes", String.valueOf(LIMIT))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shm.maxRingBytes (65536) must be at least shm.ringBytes (1048576)");
    }
}
