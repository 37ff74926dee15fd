package dev.jdora.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdora.core.Data;
import dev.jdora.core.Metadata;
import dev.jdora.core.Timestamp;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FrameWriter} to {@link FrameReader} over an Aeron IPC stream (the same code as between machines, without
 * the network): values, nulls, timestamps and parameters arrive as sent; a message larger than one Aeron message is
 * cut into chunks and joined; a new schema mid-stream is sent once and used; the end and a failure arrive; no Arrow
 * buffer leaks on either side.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FramesRoundTripTest {

    @TempDir
    Path dir;

    private MediaDriver driver;
    private Aeron aeron;
    private final BufferAllocator sending = new RootAllocator();
    private final BufferAllocator receiving = new RootAllocator();
    private final List<String> received = new ArrayList<>();
    private final List<String> ends = new ArrayList<>();
    private byte[] big = new byte[0];

    @BeforeEach
    void startAeron() {
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context().aeronDirectoryName(dir.resolve("aeron").toString())
                .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
    }

    @AfterEach
    void stopAeron() {
        aeron.close();
        driver.close();
        assertThat(sending.getAllocatedMemory()).as("sender's Arrow memory").isZero();
        assertThat(receiving.getAllocatedMemory()).as("receiver's Arrow memory").isZero();
        sending.close();
        receiving.close();
    }

    @Test
    void everyKindOfMessageArrivesAsSent() throws Exception {
        try (ExclusivePublication publication = aeron.addExclusivePublication("aeron:ipc?term-length="
                + Frames.TERM_LENGTH, 7); Subscription subscription = aeron.addSubscription("aeron:ipc", 7);
             FrameReader reader = new FrameReader(receiving, new Recorder())) {
            while (!publication.isConnected()) {
                Thread.onSpinWait(); // the media driver links them within milliseconds; the test's timeout bounds it
            }
            FrameWriter writer = new FrameWriter(publication, () -> false);
            big = new byte[(int) (2.5 * publication.maxMessageLength())];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31 + 7);
            }
            try (ValueVector longs = Data.longs(sending, 1, 2, 3);
                 ValueVector more = Data.longs(sending, 4);
                 VarCharVector strings = Data.utf8(sending, "a", "bé", "c");
                 ValueVector bytes = Data.bytes(sending, big)) {
                strings.setNull(1);
                strings.setValueCount(3);
                writer.send(longs, new Metadata(new Timestamp(100, 1), Map.of()));
                writer.send(more, new Metadata(new Timestamp(101, 0), Map.of("k", "v", "n", 5)));
                writer.send(strings, new Metadata(new Timestamp(102, 0), Map.of()));
                writer.send(bytes, new Metadata(new Timestamp(103, 0), Map.of()));
                writer.send(longs, new Metadata(new Timestamp(104, 0), Map.of()));
            }
            writer.end(null);
            writer.end("it broke: é");
            FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) -> {
                try {
                    reader.onChunk(buffer, offset, length);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (ends.size() < 2) {
                if (subscription.poll(assembler, 16) == 0) {
                    Thread.onSpinWait(); // everything is in the term already; the test's timeout bounds it
                }
            }
        }
        assertThat(received).containsExactly(
                "100/1 {} [1, 2, 3]",
                "101/0 {k=v, n=5} [4]",
                "102/0 {} [a, null, c]",
                "103/0 {} bytes " + big.length + " " + Arrays.hashCode(big),
                "104/0 {} [1, 2, 3]");
        assertThat(ends).containsExactly("end", "failed: it broke: é");
    }

    /** Writes down what arrives (the data is lent: read during the call). */
    private final class Recorder implements FrameReader.Sink {
        @Override
        public void data(FieldVector data, long hlcNanos, int hlcCounter, Map<String, Object> parameters) {
            String values = data.getMinorType() == org.apache.arrow.vector.types.Types.MinorType.UINT1
                    ? "bytes " + Data.toBytes(data).length + " " + Arrays.hashCode(Data.toBytes(data))
                    : String.valueOf(strings(data));
            received.add(hlcNanos + "/" + hlcCounter + " " + new java.util.TreeMap<>(parameters) + " " + values);
        }

        @Override
        public void end(@Nullable String error) {
            ends.add(error == null ? "end" : "failed: " + error);
        }

        private List<String> strings(FieldVector data) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < data.getValueCount(); i++) {
                values.add(data.isNull(i) ? "null" : String.valueOf(data.getObject(i)));
            }
            return values;
        }
    }
}
